package dev.tailor.hygiene;

import static dev.tailor.hygiene.People.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pairs blocking lets through to the scorer. */
class BlockingTest {

    private final Blocking blocking = new Blocking(200);

    private final CustomerRecord original =
            person("c1", "Mikhayla", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01");

    @Test
    void aDuplicateWithTyposInSurnameAndPostcodeStillMeetsItsOriginal() {
        CustomerRecord typos =
                person("c2", "Mikhayla", "Hanagan", "20", "Rupp Place", "Penshurts", "2283", "1977-05-01");

        assertThat(blocking.candidateCount(List.of(original, typos))).isEqualTo(1);
    }

    @Test
    void swappedNamesWithAnotherBirthDateAndPostcodeStillMeet() {
        CustomerRecord swapped =
                person("c3", "Hannagan", "Mikhayla", "2", "Rup Place", "Penshirst", "2527", "1979-05-01");

        assertThat(blocking.candidateCount(List.of(original, swapped))).isEqualTo(1);
    }

    @Test
    void strangersAreNotCompared() {
        CustomerRecord stranger =
                person("c4", "Zac", "Crosswell", "5", "Robertson Street", "Mount Pleasant", "3931", "1987-09-29");

        assertThat(blocking.candidateCount(List.of(original, stranger))).isZero();
    }

    @Test
    void aPairSharingManyBlocksIsComparedOnce() {
        CustomerRecord copy =
                person("c5", "Mikhayla", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01");

        assertThat(blocking.candidateCount(List.of(original, copy))).isEqualTo(1);
    }

    @Test
    void aBlockLargerThanTheLimitIsSkipped() {
        // Five strangers who share only a (placeholder) birth date: ten pairs, unless the block is too large.
        List<CustomerRecord> records = List.of(
                person("p1", "Ann", "Avery", "1", "Acacia Road", "Albury", "2640", "1900-01-01"),
                person("p2", "Bob", "Booth", "2", "Birch Street", "Bathurst", "2795", "1900-01-01"),
                person("p3", "Cid", "Crane", "3", "Cedar Lane", "Cessnock", "2325", "1900-01-01"),
                person("p4", "Dee", "Drury", "4", "Dune Drive", "Dubbo", "2830", "1900-01-01"),
                person("p5", "Eve", "Elton", "5", "Elm Close", "Eden", "2551", "1900-01-01"));

        assertThat(new Blocking(5).candidateCount(records)).isEqualTo(10);
        assertThat(new Blocking(4).candidateCount(records)).isZero();
        assertThatThrownBy(() -> new Blocking(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
