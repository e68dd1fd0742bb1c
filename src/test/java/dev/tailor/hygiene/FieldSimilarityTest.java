package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.hygiene.FieldSimilarity.CodeAgreement;
import org.junit.jupiter.api.Test;

/** The single-field comparisons and the typing mistakes each one forgives. */
class FieldSimilarityTest {

    @Test
    void oneTypoIsOneSubstitutionInsertionDeletionOrNeighbourSwap() {
        assertThat(FieldSimilarity.oneTypo("2257", "2283")).isFalse();
        assertThat(FieldSimilarity.oneTypo("2257", "2258")).isTrue();
        assertThat(FieldSimilarity.oneTypo("2257", "2275")).isTrue();
        assertThat(FieldSimilarity.oneTypo("2257", "257")).isTrue();
        assertThat(FieldSimilarity.oneTypo("257", "2257")).isTrue();
        assertThat(FieldSimilarity.oneTypo("2257", "5227")).isFalse();
        assertThat(FieldSimilarity.oneTypo("2257", "22577")).isTrue();
        assertThat(FieldSimilarity.oneTypo("2257", "225777")).isFalse();
    }

    @Test
    void datesOfBirthForgiveSwappedDayAndMonthAndOneDigit() {
        assertThat(FieldSimilarity.dateOfBirth("19770501", "19770501")).isEqualTo(CodeAgreement.SAME);
        assertThat(FieldSimilarity.dateOfBirth("19770501", "19770105")).isEqualTo(CodeAgreement.DAY_MONTH_SWAPPED);
        assertThat(FieldSimilarity.dateOfBirth("19770501", "19770601")).isEqualTo(CodeAgreement.ONE_TYPO);
        assertThat(FieldSimilarity.dateOfBirth("19770501", "19707501")).isEqualTo(CodeAgreement.ONE_TYPO);
        assertThat(FieldSimilarity.dateOfBirth("19770501", "19820917")).isEqualTo(CodeAgreement.DIFFERENT);
    }

    @Test
    void namesThatSoundAlikeShareADoubleMetaphoneCode() {
        assertThat(FieldSimilarity.soundAlike(FieldSimilarity.metaphones("smith"), FieldSimilarity.metaphones("smyth")))
                .isTrue();
        assertThat(FieldSimilarity.soundAlike(
                        FieldSimilarity.metaphones("catherine"), FieldSimilarity.metaphones("kathryn")))
                .isTrue();
        assertThat(FieldSimilarity.soundAlike(FieldSimilarity.metaphones("smith"), FieldSimilarity.metaphones("jones")))
                .isFalse();
        assertThat(FieldSimilarity.metaphones(null)).isEmpty();
    }

    @Test
    void normalisingDropsCaseAccentsSpacesAndPunctuation() {
        assertThat(NormalizedRecord.text(" Hampto n Circuit ")).isEqualTo("hamptoncircuit");
        assertThat(NormalizedRecord.text("Zoë O'Brien-Smith")).isEqualTo("zoeobriensmith");
        assertThat(NormalizedRecord.text("  ")).isNull();
        assertThat(NormalizedRecord.date("1977-05-01")).isEqualTo("19770501");
        assertThat(NormalizedRecord.date("May 1977")).isNull();
    }
}
