package dev.tailor.cli;

import dev.tailor.pipeline.EventReplay;
import dev.tailor.rules.admin.ValidateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.Set;

/**
 * Tailor's entry point: with no arguments it serves until stopped; {@code validate <rules dir>} validates rule
 * sets for CI and exits non-zero on any failure (profile {@code validate}, see scripts/validate.sh, so that no
 * Kafka or PostgreSQL is needed); {@code replay [--customers a,b]} rebuilds the Redis facts from the event log
 * (profile {@code replay}, see scripts/replay.sh).
 */
@QuarkusMain
public class TailorMain implements QuarkusApplication {

    private final ValidateCommand validate;
    private final EventReplay replay;

    public TailorMain(ValidateCommand validate, EventReplay replay) {
        this.validate = validate;
        this.replay = replay;
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            return validate.run(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("replay")) {
            Set<String> customers =
                    args.length >= 3 && args[1].equals("--customers") ? Set.of(args[2].split(",")) : Set.of();
            EventReplay.Summary summary = replay.replay(customers, System.out);
            System.out.printf(
                    "replayed %d events (%d applied, %d skipped, %d unreadable) in %d ms: %.0f events/s%n",
                    summary.records(),
                    summary.applied(),
                    summary.skipped(),
                    summary.poison(),
                    summary.millis(),
                    summary.eventsPerSecond());
            return 0;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
