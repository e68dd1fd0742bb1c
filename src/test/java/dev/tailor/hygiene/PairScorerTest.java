package dev.tailor.hygiene;

import static dev.tailor.hygiene.People.named;
import static dev.tailor.hygiene.People.person;
import static dev.tailor.hygiene.People.withContact;
import static dev.tailor.hygiene.People.withDateOfBirth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scores and reasons of hand-made pairs: duplicates with typical mistakes, and different people who look alike. */
class PairScorerTest {

    private static final double THRESHOLD = 0.5;

    private final PairScorer scorer = new PairScorer();

    private final CustomerRecord katherine =
            person("c1", "Katherine", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01");

    @Test
    void aMistypedSurnameStillScoresHighAndSaysWhy() {
        CustomerRecord typo = person("c2", "Katherine", "Hanagan", "20", "Rupp Place", "Penshurst", "2257", "19770501");

        DuplicatePair pair = scorer.score(katherine, typo);

        assertThat(pair.score()).isGreaterThan(0.95);
        assertThat(pair.reasons())
                .contains("same given name", "same date of birth", "same street number", "same postcode");
        assertThat(pair.reasons()).anyMatch(r -> r.matches("surname jaro-winkler 0\\.9\\d"));
    }

    @Test
    void differentPeopleWithTheSameSurnameScoreLow() {
        CustomerRecord zac =
                person("c3", "Zac", "Hannagan", "5", "Robertson Street", "Mount Pleasant", "3931", "1987-09-29");

        DuplicatePair pair = scorer.score(katherine, zac);

        assertThat(pair.score()).isLessThan(0.05);
        assertThat(pair.reasons()).contains("same surname", "date of birth differs", "postcode differs");
        assertThat(pair.reasons()).anyMatch(r -> r.startsWith("given name differs"));
    }

    @Test
    void aRelativeAtTheSameAddressIsNotADuplicate() {
        // The whole address agrees, but an address identifies a household, not a person.
        CustomerRecord brother = person("c4", "Zac", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1975-11-30");

        assertThat(scorer.score(katherine, brother).score()).isLessThan(THRESHOLD);
    }

    @Test
    void aNamesakeInTheSameSuburbIsNotADuplicate() {
        CustomerRecord namesake =
                person("c5", "Katherine", "Hannagan", "7", "Wallaby Street", "Penshurst", "2257", null);

        DuplicatePair pair = scorer.score(katherine, namesake);

        assertThat(pair.score()).isLessThan(THRESHOLD);
        assertThat(pair.reasons())
                .contains("street number differs")
                .doesNotContain("address lines swapped")
                .anyMatch(r -> r.startsWith("street differs"));
    }

    @Test
    void dayAndMonthSwappedInTheDateOfBirthIsRecognised() {
        CustomerRecord swapped =
                person("c6", "Katherine", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1977-01-05");
        CustomerRecord otherDate = withDateOfBirth(swapped, "1966-10-23");

        DuplicatePair pair = scorer.score(katherine, swapped);

        assertThat(pair.reasons()).contains("date of birth with day and month swapped");
        assertThat(pair.score()).isGreaterThan(0.9);
        DuplicatePair different = scorer.score(katherine, otherDate);
        assertThat(different.reasons()).contains("date of birth differs");
        assertThat(different.score()).isLessThan(pair.score());
    }

    @Test
    void givenNameAndSurnameSwappedAreComparedCrosswise() {
        CustomerRecord swapped =
                person("c7", "Hannagan", "Katherine", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01");

        DuplicatePair pair = scorer.score(katherine, swapped);

        assertThat(pair.reasons()).contains("given name and surname swapped", "same given name", "same surname");
        assertThat(pair.score()).isGreaterThan(0.95);
    }

    @Test
    void namesAloneAreNotEnoughButTheSameEmailIs() {
        CustomerRecord a = named("c8", "Katherine", "Hannagan");
        CustomerRecord b = named("c9", "Katherine", "Hannagan");

        assertThat(scorer.score(a, b).score()).isLessThan(THRESHOLD);
        DuplicatePair withEmail = scorer.score(
                withContact(a, "K.Hannagan@example.com", null), withContact(b, " k.hannagan@example.com", null));
        assertThat(withEmail.reasons()).contains("same e-mail");
        assertThat(withEmail.score()).isGreaterThan(0.8);
    }

    @Test
    void phoneNumbersAgreeWhateverTheirPrefix() {
        CustomerRecord a = withContact(named("c10", "Katherine", "Hannagan"), null, "+61 2 9876 5432");
        CustomerRecord b = withContact(named("c11", "Katherine", "Hannagan"), null, "(02) 9876-5432");

        assertThat(scorer.score(a, b).reasons()).contains("same phone");
    }

    @Test
    void missingFieldsAreNeitherForNorAgainst() {
        CustomerRecord sparse = person("c12", "Katherine", "Hannagan", null, null, null, null, null);
        CustomerRecord alike = person("c13", "Katherine", "Hannagan", null, null, null, null, null);

        DuplicatePair pair = scorer.score(katherine, sparse);

        assertThat(pair.reasons()).containsExactly("same given name", "same surname", "same state");
        assertThat(pair.score()).isEqualTo(scorer.score(alike, sparse).score());
    }

    @Test
    void theScoreDoesNotDependOnTheOrderAndNamesTheSmallerIdFirst() {
        CustomerRecord typo = person("a0", "Katharine", "Hanagan", "20", "Rupp Pl", "Penshurst", "2257", "1977-05-01");

        DuplicatePair forth = scorer.score(katherine, typo);
        DuplicatePair back = scorer.score(typo, katherine);

        assertThat(forth.score()).isEqualTo(back.score());
        assertThat(forth.a()).isEqualTo("a0");
        assertThat(back.a()).isEqualTo("a0");
        assertThat(forth.b()).isEqualTo("c1");
    }
}
