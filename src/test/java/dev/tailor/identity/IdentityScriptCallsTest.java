package dev.tailor.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.shared.redis.ScriptArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The calls of identity's scripts: their slots in the order of each script's header, and the checks it makes again. */
class IdentityScriptCallsTest {

    @Example
    void aLinkNamesTheCustomersOwnLinkAmongItsKeys() {
        LinkIdentifierCall call = new LinkIdentifierCall("l", "ids", "before", "journal", "own", "t", "e:a@b.c", "{}");
        assertThat(call.keys()).containsExactly("l", "ids", "before", "journal", "own");
        assertThat(call.args()).containsExactly("t", "e:a@b.c", "{}");
    }

    @Property
    void aLinkedIdentifierIsAKindAndAValue(@ForAll String identifier) {
        if (identifier.matches("(?s)[aue]:.+")) {
            assertThat(new LinkIdentifierCall("l", "ids", "before", "journal", "own", "t", identifier, "{}").args())
                    .contains(identifier);
        } else {
            assertThatThrownBy(
                            () -> new LinkIdentifierCall("l", "ids", "before", "journal", "own", "t", identifier, "{}"))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("identifier");
        }
    }

    @Example
    void aLinkNeedsACustomer() {
        assertThatThrownBy(() -> new LinkIdentifierCall("l", "ids", "before", "journal", "own", "", "a:x", "{}"))
                .hasMessageContaining("customer id");
    }

    @Example
    void aSettledCheckPairsEachOtherIdentifiersKeysAndArguments() {
        LinksSettledCall call = new LinksSettledCall(
                "erased",
                "link-t",
                "link-u",
                "ids-u",
                1_760_000_000_000L,
                "dig-u",
                "u:u",
                "t",
                List.of(new LinksSettledCall.Other("link-o", "facts-o", "dig-o", "o")));
        assertThat(call.keys()).containsExactly("erased", "link-t", "link-u", "ids-u", "link-o", "facts-o");
        assertThat(call.args()).containsExactly("1760000000000", "dig-u", "u:u", "t", "dig-o", "o");
    }

    @Property
    void aSettledCheckIsReceivedFromTheEpochToTheEndOfYear9999(@ForAll long received) {
        if (received >= 0 && received <= 253_402_300_799_999L) {
            assertThat(settled(received).args().get(0)).isEqualTo(Long.toString(received));
        } else {
            assertThatThrownBy(() -> settled(received)).hasMessageContaining("received");
        }
    }

    private static LinksSettledCall settled(long received) {
        return new LinksSettledCall("erased", "link-t", "link-u", "ids-u", received, "dig-u", "u:u", "t", List.of());
    }

    @Example
    void aMergeSendsTheLinkPrefixBeforeTheCombinedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("t:name", "\"x\"");
        fields.put("tu", "1");
        MergeProfilesCall call = merge("3", "0", "a:m", fields);
        assertThat(call.keys()).hasSize(8).last().isEqualTo("link-t");
        assertThat(call.args())
                .containsExactly("3", "0", "t", "a:m", "{}", "tailor:id:{", "t:name", "\"x\"", "tu", "1");
    }

    @Property
    void aMergesVersionsAreWholeNumbersUpTo2To53(@ForAll String version) {
        boolean whole = version.matches("\\d{1,16}") && Long.parseLong(version) <= 1L << 53;
        if (whole) {
            assertThat(merge(version, version, "u:m", Map.of()).args()).startsWith(version, version);
        } else {
            assertThatThrownBy(() -> merge(version, "0", "u:m", Map.of())).hasMessageContaining("version");
        }
    }

    @Example
    void aMergeRefusesWhatTheScriptKeepsOrCannotUse() {
        assertThatThrownBy(() -> merge("0", "0", "e:m", Map.of())).hasMessageContaining("own identifier");
        assertThatThrownBy(() -> merge("0", "0", "a:", Map.of())).hasMessageContaining("own identifier");
        assertThatThrownBy(() -> merge("0", "0", "a:m", Map.of("v", "3"))).hasMessageContaining("field v");
        assertThatThrownBy(() -> merge("0", "0", "a:m", Map.of("d:marketing", "x")))
                .hasMessageContaining("field d:marketing");
        assertThatThrownBy(() -> merge("9007199254740993", "0", "a:m", Map.of()))
                .isInstanceOf(ScriptArgumentException.class);
    }

    private static MergeProfilesCall merge(
            String survivorVersion, String mergedVersion, String mergedIdentifier, Map<String, String> fields) {
        return new MergeProfilesCall(
                "facts-t",
                "facts-m",
                "ids-t",
                "ids-m",
                "journal",
                "applied-t",
                "applied-m",
                "link-t",
                survivorVersion,
                mergedVersion,
                "t",
                mergedIdentifier,
                "{}",
                "tailor:id:{",
                fields);
    }
}
