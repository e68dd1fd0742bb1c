package dev.tailor.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of bulk imports of customer records and historical events. */
@ConfigMapping(prefix = "tailor.imports")
public interface ImportConfig {

    /** Calls published together; each batch waits for Kafka's acknowledgement, so memory stays bounded. */
    @WithDefault("500")
    int batchSize();

    /** Refused lines listed in an import's report (line, field, reason); the total is always counted. */
    @WithDefault("100")
    int maxRefusalsListed();

    /** Attempts at publishing one batch before the import stops as failed (Kafka away longer than that). */
    @WithDefault("5")
    int publishAttempts();

    /** Wait before the first retry of a batch; it doubles with each attempt. */
    @WithDefault("1s")
    Duration publishBackoff();

    /** Where uploaded files wait while they are imported; the system's temporary folder when unset. */
    Optional<Path> spoolDir();
}
