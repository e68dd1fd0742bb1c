package dev.tailor.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.events.RedisKeys;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pipelines and scans on a real three-master Redis Cluster: a batch whose keys live on every master answers in the
 * caller's order, a script's calls likewise, and a scan walks every master.
 */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class RedisBatchesClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RedisScript APPEND = RedisScript.load(RedisBatchesClusterTest.class, "append-and-read.lua");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisKeyScan keyScan;

    /** Keys of one test, one per slot given, each slot on the master that holds it. */
    private static List<String> keysOn(int... slots) {
        String run = UUID.randomUUID().toString();
        return IntStream.of(slots)
                .mapToObj(slot -> RedisKeys.ROOT + "test:{" + HashSlot.tagOf(slot) + "}:" + run)
                .toList();
    }

    private static Set<Integer> masters(List<String> keys) {
        Set<Integer> ports = new HashSet<>();
        keys.forEach(key -> ports.add(OnRedisCluster.CLUSTER.masterOf(key)));
        return ports;
    }

    @Test
    void aBatchSpanningEveryMasterAnswersInTheCallersOrder() {
        List<String> keys = keysOn(100, 6000, 12000, 101);
        assertThat(masters(keys)).hasSize(3);
        List<Request> requests = new ArrayList<>();
        keys.forEach(key -> requests.add(Request.cmd(Command.SET).arg(key).arg("a")));
        for (int i = 0; i < keys.size(); i++) {
            requests.add(Request.cmd(Command.APPEND).arg(keys.get(i)).arg("-" + i));
        }
        keys.forEach(key -> requests.add(Request.cmd(Command.GET).arg(key)));

        List<Response> answers =
                RedisBatches.send(redis.getRedis(), requests).await().atMost(WAIT);

        assertThat(answers).hasSize(12);
        assertThat(answers.subList(0, 4))
                .allSatisfy(ok -> assertThat(ok.toString()).isEqualTo("OK"));
        assertThat(answers.subList(4, 8).stream().map(Response::toInteger)).containsExactly(3, 3, 3, 3);
        assertThat(answers.subList(8, 12).stream().map(Response::toString)).containsExactly("a-0", "a-1", "a-2", "a-3");
    }

    @Test
    void theClientAloneRefusesThatBatch() {
        List<Request> requests = keysOn(100, 6000, 12000).stream()
                .map(key -> Request.cmd(Command.GET).arg(key))
                .toList();

        assertThatThrownBy(() -> redis.getRedis().batch(requests).await().atMost(WAIT))
                .hasMessageContaining("CROSSSLOT");
    }

    @Test
    void aScriptsCallsOnEveryMasterAnswerInOrder() {
        List<String> keys = keysOn(200, 7000, 13000);
        assertThat(masters(keys)).hasSize(3);
        List<ScriptCall> calls = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String key : keys) {
                calls.add(new Append(key, Integer.toString(round)));
            }
        }

        List<Response> answers = APPEND.runAll(redis, calls).await().atMost(WAIT);

        assertThat(answers.stream().map(Response::toString))
                .containsExactly("0", "0", "0", "01", "01", "01", "012", "012", "012");
    }

    @Test
    void aScanWalksEveryMaster() {
        List<String> keys = keysOn(300, 301, 8000, 8001, 15000, 15001);
        assertThat(masters(keys)).hasSize(3);
        keys.forEach(key -> redis.value(String.class).set(key, "x").await().atMost(WAIT));
        String pattern = keys.get(0).substring(0, keys.get(0).indexOf('{')) + "*"
                + keys.get(0).substring(keys.get(0).lastIndexOf(':'));

        Set<String> found = new HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            RedisKeyScan.KeyPage page =
                    keyScan.page(cursor, pattern, 100).await().atMost(WAIT);
            found.addAll(page.keys());
            cursor = page.cursor();
            pages++;
        } while (!"0".equals(cursor) && pages < 10_000);

        assertThat(found).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void theKeysOfOneTagAreFoundOnTheirMaster() {
        String tag = RedisKeys.ROOT + "test:{" + HashSlot.tagOf(9000) + "-" + UUID.randomUUID() + "}";
        List<String> keys = List.of(tag, tag + ":a", tag + ":b");
        keys.forEach(key -> redis.value(String.class).set(key, "x").await().atMost(WAIT));

        assertThat(keyScan.inSlotOf(tag, tag + "*").await().atMost(WAIT)).containsExactlyInAnyOrderElementsOf(keys);
    }

    private record Append(String key, String suffix) implements ScriptCall {
        @Override
        public List<String> keys() {
            return List.of(key);
        }

        @Override
        public List<String> args() {
            return List.of(suffix);
        }
    }
}
