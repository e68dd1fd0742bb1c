package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameNormalizerTest {

    private final NameNormalizer names = new NameNormalizer();

    @Test
    void namesAreTrimmedWithInnerWhitespaceCollapsed() {
        assertThat(names.normalize("  Ada \t  King\n")).isEqualTo("Ada King");
        // No-break and ideographic spaces are spaces too.
        assertThat(names.normalize("Ada\u00a0\u3000Lovelace")).isEqualTo("Ada Lovelace");
    }

    @Test
    void compatibilityCharactersAreFoldedByNfkc() {
        assertThat(names.normalize("Ａｄａ")).isEqualTo("Ada");
        assertThat(names.normalize("ﬁona")).isEqualTo("fiona");
        // A decomposed é (e + combining accent) becomes the one composed character.
        assertThat(names.normalize("Rene\u0301e")).isEqualTo("Renée");
    }

    @Test
    void caseIsKeptAndBlankBecomesEmpty() {
        assertThat(names.normalize("McDonald")).isEqualTo("McDonald");
        assertThat(names.normalize("   ")).isEmpty();
        assertThat(names.normalize(null)).isNull();
    }
}
