package dev.tailor.bench;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What exists only for benchmarks (bench/run.sh starts Tailor with the {@code bench} profile, which enables it). */
@ConfigMapping(prefix = "tailor.bench")
public interface BenchConfig {

    /**
     * Whether {@code GET /v1/floor/{customerId}} answers: the render path without rules, against which the decision
     * endpoint is measured. Off, the path answers 404 like any unknown one.
     */
    @WithDefault("false")
    boolean floorEnabled();
}
