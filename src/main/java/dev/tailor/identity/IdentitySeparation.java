package dev.tailor.identity;

import dev.tailor.events.Identifier;
import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Undoes a merge. Facts once added together cannot be told apart again, so both customers are rebuilt from the
 * event log after the merged one gets back the identifiers it brought; the pair is marked separated first, so
 * that the identify or alias call that merged them is not followed again during the rebuild.
 */
@ApplicationScoped
public class IdentitySeparation {

    private final RedisDataSource redis;
    private final IdentityLinker linker;
    private final IdentityRecordRepository records;
    private final FactsRebuild rebuild;

    public IdentitySeparation(
            RedisDataSource redis, IdentityLinker linker, IdentityRecordRepository records, FactsRebuild rebuild) {
        this.redis = redis;
        this.linker = linker;
        this.records = records;
        this.rebuild = rebuild;
    }

    /** Blocking; answers true once both are rebuilt. */
    public boolean separate(String survivor, String merged) {
        IdentityRecord merge = BlockingDb.session(() -> records.lastMerge(survivor, merged));
        if (merge == null) {
            throw new InvalidRequestException("mergedId", "was never merged into survivorId");
        }
        linker.separate(survivor, merged).await().indefinitely();
        List<String> members =
                new ArrayList<>(merge.identifiers.isBlank() ? List.of() : Arrays.asList(merge.identifiers.split(" ")));
        boolean user = members.contains("u:" + merged);
        String own = (user ? "u:" : "a:") + merged;
        members.remove(own);
        // The merged id's own link goes first: while it names the survivor, the merged customer counts as merged
        // away, and its identifiers could not be listed with it. Each step is idempotent, so a failed unmerge is
        // repeated whole; the rebuild below puts events applied in between where they belong.
        linker.repoint(Identifier.parse(own), survivor, "").await().indefinitely();
        redis.set(String.class).srem(Identities.mergedKey(survivor), merged);
        linker.listOwn(merged, own).await().indefinitely();
        for (String member : members) {
            linker.repoint(Identifier.parse(member), survivor, merged).await().indefinitely();
        }
        members.add(own);
        linker.note("unmerge", survivor, merged, Set.copyOf(members)).await().indefinitely();
        long applied = rebuild.rebuild(Set.of(survivor, merged));
        Log.infof("Separated two customers; rebuilt them from %d events of the log", applied);
        return true;
    }
}
