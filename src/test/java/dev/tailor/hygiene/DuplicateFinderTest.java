package dev.tailor.hygiene;

import static dev.tailor.hygiene.People.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocking, scoring and the threshold together, on a handful of customers. */
class DuplicateFinderTest {

    private final DuplicateFinder finder = new DuplicateFinder(new Blocking(200), new PairScorer(), 0.5);

    @Test
    void findsTheDuplicatesAmongStrangersAndRelativesBestFirst() {
        List<CustomerRecord> records = List.of(
                person("c1", "Mikhayla", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01"),
                person("c2", "Mikhayla", "Hanagan", "20", "Rupp Place", "Penshurst", "2257", "1977-05-01"),
                person("c3", "Mikhayla", "Hanagan", "20", "Rupp Pl", "Penshirst", "2257", "1977-01-05"),
                person("c4", "Zac", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", "1975-11-30"),
                person("c5", "Zac", "Crosswell", "5", "Robertson Street", "Mount Pleasant", "3931", "1987-09-29"));

        List<DuplicatePair> found = finder.find(records);

        assertThat(found).extracting(p -> p.a() + "~" + p.b()).containsExactlyInAnyOrder("c1~c2", "c1~c3", "c2~c3");
        assertThat(found.get(0).a() + "~" + found.get(0).b()).isEqualTo("c1~c2");
        assertThat(found).isSortedAccordingTo((x, y) -> Double.compare(y.score(), x.score()));
        assertThat(found).allSatisfy(p -> assertThat(p.reasons()).isNotEmpty());
    }

    @Test
    void recordsOfOneCustomerIdAreNotReportedAsDuplicates() {
        CustomerRecord record = person("c1", "Mikhayla", "Hannagan", "20", "Rupp Place", "Penshurst", "2257", null);

        assertThat(finder.find(List.of(record, record))).isEmpty();
        assertThat(finder.find(List.of())).isEmpty();
    }

    @Test
    void theThresholdIsAScore() {
        assertThatThrownBy(() -> new DuplicateFinder(new Blocking(200), new PairScorer(), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
