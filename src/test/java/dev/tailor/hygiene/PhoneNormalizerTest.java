package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNormalizerTest {

    private final PhoneNormalizer phones = new PhoneNormalizer();

    @Test
    void internationalNumbersNeedNoRegion() {
        assertThat(phones.normalize("+1 (650) 253-0000", null)).contains("+16502530000");
        assertThat(phones.normalize("+49 30 901820", null)).contains("+4930901820");
        assertThat(phones.normalize("+33 6 12 34 56 78", "US")).contains("+33612345678");
    }

    @Test
    void nationalNumbersAreReadInTheirRegion() {
        assertThat(phones.normalize("(650) 253-0000", "US")).contains("+16502530000");
        assertThat(phones.normalize("020 7946 0958", "GB")).contains("+442079460958");
        assertThat(phones.normalize("0151 23456789", "DE")).contains("+4915123456789");
        assertThat(phones.normalize("06 12 34 56 78", "FR")).contains("+33612345678");
    }

    @Test
    void aNationalNumberWithoutARegionCannotBeRead() {
        assertThat(phones.normalize("(650) 253-0000", null)).isEmpty();
    }

    @Test
    void invalidNumbersAreRefused() {
        assertThat(phones.normalize(null, "US")).isEmpty();
        assertThat(phones.normalize("  ", "US")).isEmpty();
        assertThat(phones.normalize("12", "US")).isEmpty();
        assertThat(phones.normalize("call me maybe", "US")).isEmpty();
        assertThat(phones.normalize("+999 123", null)).isEmpty();
    }
}
