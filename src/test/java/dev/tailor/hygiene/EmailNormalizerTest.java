package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailNormalizerTest {

    private final EmailNormalizer emails = new EmailNormalizer();

    @Test
    void addressesAreTrimmedAndLowerCased() {
        assertThat(emails.normalize("  Ada.Lovelace@Example.COM \t")).contains("ada.lovelace@example.com");
        assertThat(emails.normalize("ADA+news@example.co.uk")).contains("ada+news@example.co.uk");
    }

    @Test
    void internationalDomainsBecomePunycode() {
        assertThat(emails.normalize("Ada@Bücher.DE")).contains("ada@xn--bcher-kva.de");
        assertThat(emails.normalize("info@例え.テスト")).contains("info@xn--r8jz45g.xn--zckzah");
        // An ideographic full stop separates labels as a dot does.
        assertThat(emails.normalize("ada@münchen。de")).contains("ada@xn--mnchen-3ya.de");
    }

    @Test
    void anInternationalLocalPartIsLowerCasedAndKept() {
        assertThat(emails.normalize("ÄNNE@example.com")).contains("änne@example.com");
    }

    @Test
    void whatCannotBeAnAddressIsRefused() {
        assertThat(emails.normalize(null)).isEmpty();
        assertThat(emails.normalize("")).isEmpty();
        assertThat(emails.normalize("ada")).isEmpty();
        assertThat(emails.normalize("@example.com")).isEmpty();
        assertThat(emails.normalize("ada@")).isEmpty();
        assertThat(emails.normalize("ada@localhost")).isEmpty();
        assertThat(emails.normalize("a@b@example.com")).isEmpty();
        assertThat(emails.normalize("ada lovelace@example.com")).isEmpty();
        assertThat(emails.normalize("ada@exa_mple.com")).isEmpty();
        assertThat(emails.normalize("ada@example..com")).isEmpty();
        assertThat(emails.normalize("ada@-example.com")).isEmpty();
        assertThat(emails.normalize("x".repeat(65) + "@example.com")).isEmpty();
    }
}
