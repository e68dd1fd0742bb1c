package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** forget-facts.lua's call: two keys, no arguments. */
class ForgetFactsCallTest {

    @Test
    void namesTheHashAndItsAppliedMessageIds() {
        ForgetFactsCall call = new ForgetFactsCall(FactsStore.factsKey("t"), FactsStore.appliedKey("t"));
        assertThat(call.keys()).containsExactly("tailor:c:{t}", "tailor:c:{t}:applied");
        assertThat(call.args()).isEmpty();
    }
}
