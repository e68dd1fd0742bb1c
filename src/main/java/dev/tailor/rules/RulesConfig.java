package dev.tailor.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where rule sets come from and which one decisions use. */
@ConfigMapping(prefix = "tailor.rules")
public interface RulesConfig {

    /** Folder holding one sub-folder per rule set ({@code rules/<rule-set>/*.drl}). */
    @WithDefault("rules")
    Path dir();

    /** The rule set compiled at start-up and used by decisions. */
    @WithDefault("marketing")
    String defaultSet();
}
