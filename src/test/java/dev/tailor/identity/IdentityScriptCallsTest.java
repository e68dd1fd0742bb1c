package dev.tailor.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;

/**
 * The calls of identity's scripts: their keys in the order of each script's header, all in one Redis Cluster slot,
 * and the checks each script makes again.
 */
class IdentityScriptCallsTest {

    @Property
    void everyCallOfIdentitysScriptsStaysInOneSlot(
            @ForAll @NotEmpty String identifier, @ForAll @NotEmpty String customer, @ForAll @NotEmpty String other) {
        // An id starting with '}' gives its keys an empty hash tag, so each is hashed whole: the customer's keys
        // themselves (CustomerKeys, IdentifierKeys) then spread over slots, which is not identity's to settle.
        Assume.that(!identifier.startsWith("}") && !customer.startsWith("}") && !other.startsWith("}"));
        List<ScriptCall> calls = List.of(
                LinkIdentifierCall.move(identifier, other, customer, "{}"),
                LinkIdentifierCall.settled(identifier, customer, List.of(other)),
                ListIdentifierCall.of(customer, "a:" + identifier, "{}"),
                ListIdentifierCall.off(customer, "e:" + identifier),
                LinksSettledCall.of(identifier, "e:" + identifier),
                DropMergedCall.of(other, customer),
                MergeProfilesCall.of(
                        customer,
                        other,
                        Map.of("v", "3"),
                        Map.of("v", "2"),
                        "{}",
                        1000,
                        Map.of("0123456789ab", 5.0),
                        List.of("a:" + other, "e:" + identifier)));
        for (ScriptCall call : calls) {
            assertThat(call.keys().stream().map(HashSlot::of).distinct())
                    .as("slots of %s", call.keys())
                    .hasSize(1);
        }
    }

    @Example
    void aLinkMovesFromTheOwnerReadToTheNewOne() {
        LinkIdentifierCall call = new LinkIdentifierCall("l", "moved", "journal", "", "t", "{}", List.of());
        assertThat(call.keys()).containsExactly("l", "moved", "journal");
        assertThat(call.args()).containsExactly("", "t", "{}");
        assertThat(LinkIdentifierCall.settled("x", "t", List.of("o")).args()).containsExactly("t", "t", "", "o", "");
    }

    @Example
    void onlyACallThatMovesNothingForgetsFormerOwners() {
        assertThatThrownBy(() -> new LinkIdentifierCall("l", "moved", "journal", "o", "t", "", List.of("o")))
                .isInstanceOf(ScriptArgumentException.class)
                .hasMessageContaining("former owners");
    }

    @Property
    void aListedIdentifierIsAKindAndAValue(@ForAll String identifier) {
        if (identifier.matches("(?s)[aue]:.+")) {
            assertThat(ListIdentifierCall.of("t", identifier, "").args()).containsExactly(identifier, "", "1");
            assertThat(ListIdentifierCall.off("t", identifier).args()).containsExactly(identifier, "", "0");
        } else {
            assertThatThrownBy(() -> ListIdentifierCall.of("t", identifier, ""))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("identifier");
        }
    }

    @Example
    void aSettledCheckNamesTheIdentifiersSlot() {
        LinksSettledCall call = LinksSettledCall.of("x", "a:x");
        assertThat(call.keys())
                .containsExactly(
                        "tailor:id:{x}",
                        "tailor:id:{x}:moved",
                        "tailor:c:{x}:ids",
                        "tailor:c:{x}",
                        TombstoneKeys.of("x"));
        assertThat(call.args()).containsExactly("a:x", IdentifierKeys.digest("x"));
    }

    @Example
    void aCommitNeedsTheSurvivor() {
        assertThat(DropMergedCall.of("m", "t").keys())
                .containsExactly("tailor:id:{m}", "tailor:c:{m}", "tailor:c:{m}:applied", "tailor:c:{m}:ids");
        assertThatThrownBy(() -> DropMergedCall.of("m", "")).hasMessageContaining("survivor id");
    }

    @Example
    void aMergeSendsTheMessageIdsAndIdentifiersBeforeTheCombinedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("t:name", "\"x\"");
        fields.put("tu", "1");
        MergeProfilesCall call = merge("3", "0", Map.of("0123456789ab", 1.5e9), List.of("a:m"), fields);
        assertThat(call.keys()).hasSize(6).last().isEqualTo("journal");
        assertThat(call.args())
                .containsExactly(
                        "3",
                        "0",
                        "m",
                        "{}",
                        "0",
                        "1",
                        "0123456789ab",
                        "1500000000",
                        "1",
                        "a:m",
                        "t:name",
                        "\"x\"",
                        "tu",
                        "1");
    }

    @Property
    void aMergesVersionsAreWholeNumbersUpTo2To53(@ForAll String version) {
        boolean whole = version.matches("\\d{1,16}") && Long.parseLong(version) <= 1L << 53;
        if (whole) {
            assertThat(merge(version, version, Map.of(), List.of(), Map.of()).args())
                    .startsWith(version, version);
        } else {
            assertThatThrownBy(() -> merge(version, "0", Map.of(), List.of(), Map.of()))
                    .hasMessageContaining("version");
        }
    }

    @Example
    void aMergeRefusesWhatTheScriptKeepsOrCannotUse() {
        assertThatThrownBy(() -> merge("0", "0", Map.of(), List.of("x:m"), Map.of()))
                .hasMessageContaining("identifier");
        assertThatThrownBy(() -> merge("0", "0", Map.of("xyz", 1.0), List.of(), Map.of()))
                .hasMessageContaining("digest");
        assertThatThrownBy(() -> merge("0", "0", Map.of("0123456789ab", Double.NaN), List.of(), Map.of()))
                .hasMessageContaining("score");
        assertThatThrownBy(() -> merge("0", "0", Map.of(), List.of(), Map.of("v", "3")))
                .hasMessageContaining("field v");
        assertThatThrownBy(() -> merge("0", "0", Map.of(), List.of(), Map.of("d:marketing", "x")))
                .hasMessageContaining("field d:marketing");
        assertThatThrownBy(() -> merge("9007199254740993", "0", Map.of(), List.of(), Map.of()))
                .isInstanceOf(ScriptArgumentException.class);
    }

    private static MergeProfilesCall merge(
            String survivorVersion,
            String mergedVersion,
            Map<String, Double> applied,
            List<String> identifiers,
            Map<String, String> fields) {
        return new MergeProfilesCall(
                "facts-t",
                "applied-t",
                "ids-t",
                "link-t",
                "merged-t",
                "journal",
                survivorVersion,
                mergedVersion,
                "m",
                "{}",
                0,
                applied,
                identifiers,
                fields);
    }
}
