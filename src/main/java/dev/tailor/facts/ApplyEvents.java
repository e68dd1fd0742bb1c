package dev.tailor.facts;

import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs apply-event.lua calls and follows their moves: the script touches only the keys of the customer it is given
 * (one Redis Cluster slot), and answers the id of the customer that one was merged into instead of writing; the
 * event is then applied to that customer's keys, up to {@link #MAX_MOVES} times. A pipelined batch sends the moved
 * calls again in a second round (and a third...), in the batch's order, so each customer's moved events keep theirs;
 * they land after the events of the same batch that named their new customer directly, as if the merge had come
 * first (only traits depend on the order: of two identify calls, the one applied last wins).
 */
final class ApplyEvents {

    /** Merges point an id at its survivor, so one move is the rule; more means links changing meanwhile or a loop. */
    static final int MAX_MOVES = 3;

    private static final RedisScript APPLY = RedisScript.load(FactsStore.class, ApplyEventCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final UnplacedTombstones unplaced;

    ApplyEvents(ReactiveRedisDataSource redis, UnplacedTombstones unplaced) {
        this.redis = redis;
        this.unplaced = unplaced;
    }

    /** Applies one event; emits whether it was (false: applied before, or its customer erased after it). */
    Uni<Boolean> apply(ApplyEventCall call) {
        return rounds(List.of(call), calls -> APPLY.run(redis, calls.get(0)).map(List::of))
                .map(outcomes -> outcomes.get(0));
    }

    /** Applies the events in one pipelined round trip (more if some moved); emits whether each was, in order. */
    Uni<List<Boolean>> applyAll(List<ApplyEventCall> calls) {
        return rounds(calls, pending -> APPLY.runAll(redis, pending));
    }

    private Uni<List<Boolean>> rounds(
            List<ApplyEventCall> calls, Function<List<ApplyEventCall>, Uni<List<Response>>> send) {
        Boolean[] outcomes = new Boolean[calls.size()];
        List<Integer> at = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            at.add(i);
        }
        return round(calls, at, 0, outcomes, send).map(done -> Arrays.asList(outcomes));
    }

    /** Sends {@code calls} (those at {@code at} of the batch), then those that moved in a round of their own. */
    private Uni<Void> round(
            List<ApplyEventCall> calls,
            List<Integer> at,
            int moves,
            Boolean[] outcomes,
            Function<List<ApplyEventCall>, Uni<List<Response>>> send) {
        List<ApplyEventCall> sending = new ArrayList<>(calls.size());
        List<Integer> sendingAt = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ApplyEventCall call = calls.get(i);
            if (unplaced.refuses(call.customerDigest(), call.receivedMs())) {
                outcomes[at.get(i)] = false;
            } else {
                sending.add(call);
                sendingAt.add(at.get(i));
            }
        }
        if (sending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return send.apply(sending).flatMap(responses -> {
            List<ApplyEventCall> moved = new ArrayList<>();
            List<Integer> movedAt = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                Response response = responses.get(i);
                if (response.type() == ResponseType.BULK) {
                    if (moves == MAX_MOVES) {
                        return Uni.createFrom()
                                .failure(new MovedTooOftenException(
                                        sending.get(i).messageDigest()));
                    }
                    moved.add(ApplyEventCalls.movedTo(sending.get(i), response.toString()));
                    movedAt.add(sendingAt.get(i));
                } else {
                    outcomes[sendingAt.get(i)] = response.toInteger() == 1;
                }
            }
            return moved.isEmpty() ? Uni.createFrom().voidItem() : round(moved, movedAt, moves + 1, outcomes, send);
        });
    }
}
