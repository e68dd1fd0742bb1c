package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact forms of stats and time buckets in the facts hash, as the apply script writes them. */
class StoredFormTest {

    @Test
    void seriesReadsAndWritesTheScriptsForm() {
        // 3 events on day 20582 (revenue 120), 1 on day 20584 (40), 2 in hour 494500 (35), one without revenue.
        String stored = "Xy,Zw;DBBWq:3/120,2/40/1.5,HBCZG4:2/35,1";
        Series series = Series.decode(stored);
        assertThat(series.encode()).isEqualTo(stored);
        Instant now = Instant.ofEpochMilli(494501 * Series.HOUR_MS);
        Series.Totals month = series.within(now, Duration.ofDays(30));
        assertThat(month.count()).isEqualTo(7);
        assertThat(month.sum(0)).isEqualTo(195.0);
        assertThat(month.sum(1)).isEqualTo(1.5);
        assertThat(series.within(now, Duration.ofHours(2)).count()).isEqualTo(3);
    }

    @Test
    void sumsAreWrittenAsTheScriptsPercentFifteenG() {
        // C's printf %.15g, as string.format in Redis's Lua, and whole numbers below 2^53 (also once rounded) in full.
        Map<Double, String> written = Map.ofEntries(
                Map.entry(1e-9, "1e-09"),
                Map.entry(1.000093e-9, "1.000093e-09"),
                Map.entry(0.1 + 0.2, "0.3"),
                Map.entry(1e17, "1e+17"),
                Map.entry(123456789012345678.0, "1.23456789012346e+17"),
                Map.entry(0.0001, "0.0001"),
                Map.entry(0.00001, "1e-05"),
                Map.entry(9007199254740994.0, "9007199254740990"),
                Map.entry(-2.5, "-2.5"),
                Map.entry(1e15 + 0.5, "1000000000000000"),
                Map.entry(99999.99999999999, "100000"),
                Map.entry(0.00012345678901234567, "0.000123456789012346"),
                Map.entry(-1e-300, "-1e-300"),
                Map.entry(1234567890123456.0, "1234567890123456"),
                Map.entry(-0.0, "0"));
        written.forEach((value, text) ->
                assertThat(Series.number(value)).as("%s", value).isEqualTo(text));
    }

    @Test
    void numbersInSeriesDelimitThemselves() {
        // Day 20582 is BBWq (571 * 36 + 26; 571 = BBW in base 23), hour 494500 BCZG4. No separator between buckets:
        // 3 events that day, 1 two days on, 1000 (BFs) 50 (Be) days on; 1 in hour 494500, 828 (BA0) 827 (Zz) hours on.
        String stored = "DBBWq:32Be:BFsHBCZG4Zz:BA0";
        Series series = Series.decode(stored);
        Instant now = Instant.ofEpochMilli((494500 + 828) * Series.HOUR_MS);
        assertThat(series.within(now, Duration.ofDays(5000)).count()).isEqualTo(1833);
        assertThat(series.within(now, Duration.ofDays(30)).count()).isEqualTo(1828);
        assertThat(series.within(now, Duration.ofHours(1)).count()).isEqualTo(828);
        assertThat(series.encode()).isEqualTo(stored);
    }

    @Test
    void mergedSeriesAddBucketsAndMatchSumsByCode() {
        Series one = Series.decode("Xy;DBBWq/10,HBCZG4:2");
        Series other = Series.decode("Zw,Xy;DBBWq/1/5");
        assertThat(one.plus(other).encode()).isEqualTo("Xy,Zw;DBBWq:2/15/1,HBCZG4:2");
    }

    @Test
    void onlyTheSumsSomeBucketHasAreNamed() {
        // A former name's column (Zw) that is 0 everywhere is not written; with no sum at all, no header either.
        assertThat(Series.decode("Xy,Zw;DBBWq/3,HBCZG4").encode()).isEqualTo("Xy;DBBWq/3,HBCZG4");
        assertThat(Series.decode("Xy;DBBWqHBCZG4:2").encode()).isEqualTo("DBBWqHBCZG4:2");
    }

    @Test
    void groupedSeriesKeepEveryValueInOneField() {
        // Values are normalised (lower case): a value's buckets start at its first "D" or "H", "V" separates values.
        String stored = "Nx;shoes, boots; & heels/dh:1DBBWq/120,2/40,HBCZG4:2/35VbagsHBCZG4:2Vv-neckDBBWqHBCZG4/3";
        Map<String, Series> byValue = GroupedSeries.decode(stored);
        assertThat(byValue.keySet()).containsExactly("shoes, boots; & heels/dh:1", "bags", "v-neck");
        Instant now = Instant.ofEpochMilli(494501 * Series.HOUR_MS);
        Series.Totals shoes = byValue.get("shoes, boots; & heels/dh:1").within(now, Duration.ofDays(30));
        assertThat(shoes.count()).isEqualTo(4);
        assertThat(shoes.sum(0)).isEqualTo(195.0);
        assertThat(byValue.get("bags").within(now, Duration.ofDays(30)).sum(0)).isZero();
        assertThat(GroupedSeries.encode(byValue)).isEqualTo(stored);
        // Nothing summed: the header is empty, but there.
        assertThat(GroupedSeries.encode(GroupedSeries.decode(";hatsDBBWq:2HBCZG4VbagsHBCZG4")))
                .isEqualTo(";hatsDBBWq:2HBCZG4VbagsHBCZG4");
    }

    @Test
    void mergedGroupedSeriesAddValuesAndMatchSumsByCode() {
        String field = FieldNames.series("Order Completed", "category");
        Map<String, String> merged = ProfileMerge.of(
                Map.of(field, "Xy;shoesDBBWq/10VbagsHBCZG4:2", "v", "2"),
                Map.of(field, "Zw,Xy;bagsHBCZG4/1/5,dVhatsDBBWq/0/7", "v", "3"));
        // The survivor's values first; a value both have adds up bucket by bucket, its sums matched by code.
        assertThat(merged.get(field)).isEqualTo("Xy,Zw;shoesDBBWq/10VbagsHBCZG4:3/5/1,dVhatsDBBWq/7");
    }

    @Test
    void statsKeepMillisecondsInBase36() {
        EventStats stats = new EventStats(
                125, Instant.parse("2026-03-23T08:20:20.123Z"), Instant.parse("2026-06-08T22:39:20.007Z"));
        assertThat(stats.encode()).matches("3h:[0-9a-z]{8}:[0-9a-z]+");
        assertThat(EventStats.decode(stats.encode())).isEqualTo(stats);
    }

    @Test
    void aMergedProfileAddsStatsAndSeries() {
        // Product Viewed keeps time buckets: its stats lead its own series field. Unsubscribed keeps only stats.
        String series = FieldNames.series("Product Viewed");
        String stats = FieldNames.stats("Unsubscribed");
        EventStats early = new EventStats(1, Instant.ofEpochMilli(500), Instant.ofEpochMilli(500));
        EventStats late = new EventStats(2, Instant.ofEpochMilli(1000), Instant.ofEpochMilli(5000));
        EventStats both = new EventStats(3, Instant.ofEpochMilli(500), Instant.ofEpochMilli(5000));
        Map<String, String> merged = ProfileMerge.of(
                Map.of(
                        "v",
                        "3",
                        series,
                        late.encode() + ";DBBWq:2",
                        stats,
                        late.encode(),
                        "t:plan",
                        "\"gold\"",
                        "tu",
                        "10"),
                Map.of(
                        "v",
                        "1",
                        series,
                        early.encode() + ";DBBWqHBCZG4",
                        stats,
                        early.encode(),
                        "t:plan",
                        "\"silver\"",
                        "tu",
                        "20"));
        assertThat(merged.get(series)).isEqualTo(both.encode() + ";DBBWq:3HBCZG4");
        assertThat(OwnSeries.stats(merged.get(series))).isEqualTo(both);
        assertThat(EventStats.decode(merged.get(stats))).isEqualTo(both);
        assertThat(merged).containsEntry("t:plan", "\"silver\"").doesNotContainKey("v");
    }

    @Test
    void anOwnSeriesWhoseBucketsAgedOutKeepsItsStats() {
        EventStats stats = new EventStats(4, Instant.ofEpochMilli(500), Instant.ofEpochMilli(5000));
        String stored = stats.encode() + ";";
        assertThat(OwnSeries.stats(stored)).isEqualTo(stats);
        assertThat(OwnSeries.series(stored)).isEmpty();
        assertThat(OwnSeries.plus(stored, stats.encode() + ";Nx;DBBWq/3"))
                .isEqualTo(new EventStats(8, Instant.ofEpochMilli(500), Instant.ofEpochMilli(5000)).encode()
                        + ";Nx;DBBWq/3");
    }
}
