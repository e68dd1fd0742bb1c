package dev.tailor.facts;

import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of forget-facts.lua: KEYS[1] the facts hash, KEYS[2] its applied messageIds; no arguments, so nothing to
 * check but the keys' types, which the script does.
 *
 * @param factsKey KEYS[1]
 * @param appliedKey KEYS[2]
 */
record ForgetFactsCall(String factsKey, String appliedKey) implements ScriptCall {

    static final String SCRIPT = "forget-facts.lua";

    @Override
    public List<String> keys() {
        return List.of(factsKey, appliedKey);
    }

    @Override
    public List<String> args() {
        return List.of();
    }
}
