package dev.tailor.cli;

import dev.tailor.rules.admin.ValidateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * Tailor's entry point: with no arguments it serves until stopped; {@code validate <rules dir>} validates rule
 * sets for CI and exits non-zero on any failure (run it with {@code -Dquarkus.profile=validate}, see
 * scripts/validate.sh, so that no Kafka or PostgreSQL is needed).
 */
@QuarkusMain
public class TailorMain implements QuarkusApplication {

    @Inject
    ValidateCommand validate;

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            return validate.run(Arrays.copyOfRange(args, 1, args.length));
        }
        Quarkus.waitForExit();
        return 0;
    }
}
