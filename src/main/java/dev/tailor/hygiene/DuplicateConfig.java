package dev.tailor.hygiene;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How duplicate customers are found. */
@ConfigMapping(prefix = "tailor.hygiene.duplicates")
public interface DuplicateConfig {

    String DEFAULT_THRESHOLD = "0.5";
    String DEFAULT_MAX_BLOCK_SIZE = "200";

    /**
     * The score from which a pair is reported as a probable duplicate. 0.5 is where the evidence for and against
     * balances; measured on the Febrl benchmark sets, see bench/results/duplicates.json.
     */
    @WithDefault(DEFAULT_THRESHOLD)
    double threshold();

    /**
     * Blocks with more records than this are not compared within: a key that many customers share (a placeholder
     * birth date, a shop's own address) says nothing and would make the comparison quadratic.
     */
    @WithDefault(DEFAULT_MAX_BLOCK_SIZE)
    int maxBlockSize();

    /**
     * How often every customer is searched for duplicates (a duration such as {@code 6h}, or {@code off}); runs on
     * demand with {@code POST /admin/duplicates/runs} too. One run at a time in the cluster.
     */
    @WithDefault("6h")
    String runEvery();
}
