package dev.tailor.facts;

import dev.tailor.events.IdentifierKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Tombstones of identifiers erased before tombstones were kept by slot, which the apply script cannot see: a tombstone
 * keeps only the identifier's digest, so nothing tells which slot's hash it belongs in. Erasure hands them over at
 * start (from PostgreSQL); the caller of the apply script refuses an event of such an identifier received before its
 * erasure, as the script does for the others. Checking outside the script's atomic step is safe for these: they were
 * all written before this node started, so no erasure of theirs can race with an event being applied.
 */
@ApplicationScoped
public class UnplacedTombstones {

    private volatile Map<String, Long> erasedAtByDigest = Map.of();

    /** Replaces the tombstones kept: digest ({@link IdentifierKeys#digest}) to erasure time, epoch ms. */
    public void replace(Map<String, Long> tombstones) {
        erasedAtByDigest = Map.copyOf(tombstones);
    }

    /** When {@code identifier} was erased, if it was before tombstones were kept by slot. */
    public OptionalLong erasedAt(String identifier) {
        return erasedAtOf(IdentifierKeys.digest(identifier));
    }

    /** How many are kept (a figure for the log). */
    public int size() {
        return erasedAtByDigest.size();
    }

    /** Whether an event received at {@code receivedMs} of the identifier with {@code digest} is refused. */
    boolean refuses(String digest, long receivedMs) {
        OptionalLong at = erasedAtOf(digest);
        return at.isPresent() && at.getAsLong() >= receivedMs;
    }

    private OptionalLong erasedAtOf(String digest) {
        Long at = erasedAtByDigest.get(digest);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }
}
