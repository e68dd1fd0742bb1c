package dev.tailor.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Identity resolution. */
@ConfigMapping(prefix = "tailor.identity")
public interface IdentityConfig {

    /**
     * Identifier values that never link or merge anything, compared without case after trimming: placeholders that
     * careless senders put in userId, anonymousId, previousId or an e-mail trait, which would otherwise join every
     * customer who shares them into one profile.
     */
    @WithDefault("null,undefined,anonymous,unknown,none,nil,n/a,na,guest,0,-1,[object Object],"
            + "00000000-0000-0000-0000-000000000000,test@example.com,email@example.com,user@example.com")
    List<String> blockedValues();
}
