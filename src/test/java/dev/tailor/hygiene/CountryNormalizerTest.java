package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountryNormalizerTest {

    private final CountryNormalizer countries = new CountryNormalizer();

    @Test
    void alphaTwoCodesAreUpperCased() {
        assertThat(countries.normalize("de")).contains("DE");
        assertThat(countries.normalize(" US ")).contains("US");
    }

    @Test
    void alphaThreeCodesBecomeAlphaTwo() {
        assertThat(countries.normalize("DEU")).contains("DE");
        assertThat(countries.normalize("usa")).contains("US");
        assertThat(countries.normalize("GBR")).contains("GB");
    }

    @Test
    void englishNamesBecomeAlphaTwoWhateverTheirCaseAccentsOrPunctuation() {
        assertThat(countries.normalize("Germany")).contains("DE");
        assertThat(countries.normalize("united states")).contains("US");
        assertThat(countries.normalize("Cote d'Ivoire")).contains("CI");
        assertThat(countries.normalize("Côte d’Ivoire")).contains("CI");
        assertThat(countries.normalize("Bosnia and Herzegovina")).contains("BA");
        assertThat(countries.normalize("Bosnia & Herzegovina")).contains("BA");
    }

    @Test
    void commonNamesOutsideIsoAreKnown() {
        assertThat(countries.normalize("UK")).contains("GB");
        assertThat(countries.normalize("England")).contains("GB");
        assertThat(countries.normalize("United States of America")).contains("US");
        assertThat(countries.normalize("Czech Republic")).contains("CZ");
    }

    @Test
    void unknownCountriesAreRefused() {
        assertThat(countries.normalize(null)).isEmpty();
        assertThat(countries.normalize(" ")).isEmpty();
        assertThat(countries.normalize("XX")).isEmpty();
        assertThat(countries.normalize("Atlantis")).isEmpty();
    }
}
