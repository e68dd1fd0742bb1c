package dev.tailor.schema;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** How events recorded under an older tracking plan read today. */
@ConfigMapping(prefix = "tailor.schema")
public interface SchemaConfig {

    /**
     * Property renames by event: {@code tailor.schema.renames."Order Completed".total=revenue} makes every
     * "Order Completed" event, old or new, live or replayed, count its {@code total} as {@code revenue}, and the
     * facts already kept under {@code total} read as {@code revenue}.
     */
    Map<String, Map<String, String>> renames();
}
