package dev.tailor.shared.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A Lua script kept next to the class that uses it, run by its SHA-1. Redis's script cache empties on restart,
 * so a NOSCRIPT answer sends the source once more. Each script is sent after the checks every script shares
 * (script-prelude.lua beside this class: refusing a call with an error reply, reading whole and finite numbers,
 * checking key types), its name ({@code apply-event} for apply-event.lua) in {@code SCRIPT_NAME}.
 */
public final class RedisScript {

    private static final String PRELUDE = resource(RedisScript.class, "script-prelude.lua");

    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = source;
        this.sha1 = DigestUtils.sha1Hex(source);
    }

    /** Loads {@code name} from the resources beside {@code owner}, after the shared checks. */
    public static RedisScript load(Class<?> owner, String name) {
        String scriptName = name.replaceFirst("\\.lua$", "");
        return new RedisScript("local SCRIPT_NAME = '" + scriptName + "'\n" + PRELUDE + resource(owner, name));
    }

    private static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing Redis script " + name + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text sent to Redis: the shared checks, then the script. */
    public String source() {
        return source;
    }

    /** Runs the script once; a NOSCRIPT answer sends its source. */
    public Uni<Response> run(ReactiveRedisDataSource redis, ScriptCall call) {
        return redis.getRedis()
                .send(request(Command.EVALSHA, sha1, call))
                .onFailure(failure -> String.valueOf(failure.getMessage()).contains("NOSCRIPT"))
                .recoverWithUni(() -> redis.getRedis().send(request(Command.EVAL, source, call)));
    }

    /**
     * Runs the script once per call in one pipelined round trip (one per master on a Redis Cluster, see
     * {@link RedisBatches}), answering in the calls' order. Redis runs a master's calls one after another in that
     * order. A NOSCRIPT answer (a pipeline's reads "ERR [i] NOSCRIPT ...") sends that master's pipeline again with the
     * first call as EVAL, which loads the script for the calls after it: a script missing from a master's cache fails
     * every call of its pipeline, so none ran there (and apply-event.lua would be safe to run twice anyway, by its
     * messageId check).
     */
    public Uni<List<Response>> runAll(ReactiveRedisDataSource redis, List<? extends ScriptCall> calls) {
        Map<Request, ScriptCall> byRequest = new IdentityHashMap<>();
        List<Request> requests = new ArrayList<>(calls.size());
        for (ScriptCall call : calls) {
            Request request = request(Command.EVALSHA, sha1, call);
            byRequest.put(request, call);
            requests.add(request);
        }
        Redis client = redis.getRedis();
        return RedisBatches.send(
                client,
                requests,
                pipeline -> client.batch(pipeline)
                        .onFailure(
                                failure -> String.valueOf(failure.getMessage()).contains("NOSCRIPT"))
                        .recoverWithUni(() -> client.batch(loadingFirst(pipeline, byRequest))));
    }

    private List<Request> loadingFirst(List<Request> pipeline, Map<Request, ScriptCall> calls) {
        List<Request> again = new ArrayList<>(pipeline);
        again.set(0, request(Command.EVAL, source, calls.get(pipeline.get(0))));
        return again;
    }

    private static Request request(Command command, String script, ScriptCall call) {
        List<String> keys = call.keys();
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        call.args().forEach(request::arg);
        return request;
    }
}
