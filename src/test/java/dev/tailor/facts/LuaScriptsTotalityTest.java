package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.DecisionStateStore;
import dev.tailor.decisions.DueClaims;
import dev.tailor.decisions.PendingDecisions;
import dev.tailor.identity.IdentityLinker;
import dev.tailor.security.RateLimiter;
import dev.tailor.shared.redis.RedisScript;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Every Lua script of Tailor ends whatever its arguments and whatever state its keys are in, answering a result or
 * an error, and never holds Redis: each runs on a redis-server of this test's own (port 6392, or
 * {@code TAILOR_TEST_OWN_REDIS_PORT}) with hostile arguments (negative, huge, NaN, infinite or non-numeric numbers, missing or extra arguments and keys) and odd key
 * states (a key of another type, corrupt stored values), while another thread PINGs that Redis every 5 ms.
 *
 * <p>Redis answers a PING within 50 ms throughout when no command holds it for 50 ms: Redis's own SLOWLOG, set to
 * log every command of 50 ms or more, must stay empty after every call. The PINGs' round trips also include the time
 * the test's threads wait for a core (on a shared machine tens of ms at times), so of them the test asserts that each
 * was answered PONG within a second (never BUSY: no script ran past Redis's busy threshold) and that 99 % took less
 * than 50 ms.
 */
class LuaScriptsTotalityTest {

    private static final int PORT =
            Integer.parseInt(System.getenv().getOrDefault("TAILOR_TEST_OWN_REDIS_PORT", "6392"));
    private static final long BOUND_MICROS = 50_000;

    private static Resp redis;
    private static Pinger pinger;
    private static long calls;

    /** One script with a call it accepts and which of its arguments are numbers (1-based, as in ARGV). */
    private record Script(
            String name, RedisScript script, List<String> keys, List<String> args, List<Integer> numbers) {}

    private static final List<Script> SCRIPTS = List.of(
            new Script(
                    "apply-event",
                    RedisScript.load(FactsStore.class, "apply-event.lua"),
                    ApplyEventCallTest.GROUPED.keys(),
                    ApplyEventCallTest.GROUPED.args(),
                    List.of(2, 3, 4, 6, 8, 9, 10, 11, 14, 15)),
            new Script(
                    "forget-facts",
                    RedisScript.load(FactsStore.class, "forget-facts.lua"),
                    List.of("tailor:c:{t}", "tailor:c:{t}:applied"),
                    List.of(),
                    List.of()),
            new Script(
                    "link-identifier",
                    RedisScript.load(IdentityLinker.class, "link-identifier.lua"),
                    List.of("tailor:id:{x}", "tailor:id:{x}:moved", "tailor:identity:journal:{x}"),
                    List.of("", "t", "{}", "o"),
                    List.of()),
            new Script(
                    "list-identifier",
                    RedisScript.load(IdentityLinker.class, "list-identifier.lua"),
                    List.of("tailor:c:{t}:ids", "tailor:id:{t}", "tailor:identity:journal:{t}"),
                    List.of("a:x", "{}", "1"),
                    List.of()),
            new Script(
                    "links-settled",
                    RedisScript.load(IdentityLinker.class, "links-settled.lua"),
                    List.of(
                            "tailor:id:{o}",
                            "tailor:id:{o}:moved",
                            "tailor:c:{o}:ids",
                            "tailor:c:{o}",
                            "tailor:erased:{o}"),
                    List.of("a:o", "dig-o"),
                    List.of()),
            new Script(
                    "merge-profiles",
                    RedisScript.load(IdentityLinker.class, "merge-profiles.lua"),
                    List.of(
                            "tailor:c:{t}",
                            "tailor:c:{t}:applied",
                            "tailor:c:{t}:ids",
                            "tailor:id:{t}",
                            "tailor:c:{t}:merged",
                            "tailor:identity:journal:{t}"),
                    List.of("0", "0", "m", "{}", "1000", "1", "0123456789ab", "5", "1", "a:m", "t:name", "\"x\""),
                    List.of(1, 2, 5, 6, 8, 9)),
            new Script(
                    "drop-merged",
                    RedisScript.load(IdentityLinker.class, "drop-merged.lua"),
                    List.of("tailor:id:{m}", "tailor:c:{m}", "tailor:c:{m}:applied", "tailor:c:{m}:ids"),
                    List.of("t"),
                    List.of()),
            new Script(
                    "claim-pending",
                    RedisScript.load(PendingDecisions.class, "claim-pending.lua"),
                    List.of("tailor:decisions:pending"),
                    List.of("1760000000000", "1760000060000", "100"),
                    List.of(1, 2, 3)),
            new Script(
                    "record-decision",
                    RedisScript.load(DecisionStateStore.class, "record-decision.lua"),
                    List.of("tailor:c:{t}"),
                    List.of("1", "mgt2ik00", "8f3a1\n=new", "marketing"),
                    List.of(1, 2)),
            new Script(
                    "release-pending",
                    RedisScript.load(PendingDecisions.class, "release-pending.lua"),
                    List.of("tailor:decisions:pending"),
                    List.of("1760000060000", "t", "u"),
                    List.of(1)),
            new Script(
                    "take-token",
                    RedisScript.load(RateLimiter.class, "take-token.lua"),
                    List.of("tailor:ratelimit:{1}"),
                    List.of("10", "1760000000000", "1"),
                    List.of(1, 2, 3)),
            new Script(
                    "claim-due",
                    RedisScript.load(DueClaims.class, "claim-due.lua"),
                    List.of("tailor:decisions:due", "tailor:decisions:due:claims"),
                    List.of("1760000000000", "1760000060000", "100"),
                    List.of(1, 2, 3)),
            new Script(
                    "hold-lease",
                    RedisScript.load(DueClaims.class, "hold-lease.lua"),
                    List.of("tailor:decisions:lease:{0}"),
                    List.of("node", "hold", "10000"),
                    List.of(3)));

    @BeforeContainer
    static void startRedis() throws Exception {
        run("redis-cli", "-p", Integer.toString(PORT), "shutdown", "nosave");
        run(
                "redis-server",
                "--port",
                Integer.toString(PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                System.getProperty("java.io.tmpdir"));
        redis = connect();
        Resp pings = connect();
        // Warm the client's code paths first: a cold JVM's first calls measure the JVM, not Redis.
        for (int i = 0; i < 200; i++) {
            pings.call("PING");
            redis.call("PING");
        }
        redis.call("CONFIG", "SET", "slowlog-log-slower-than", Long.toString(BOUND_MICROS));
        redis.call("SLOWLOG", "RESET");
        pinger = new Pinger(pings);
        pinger.setPriority(Thread.MAX_PRIORITY);
        pinger.start();
    }

    @AfterContainer
    static void stopRedis() throws Exception {
        if (pinger != null) {
            pinger.interrupt();
            pinger.join(5_000);
            List<Long> took = pinger.took();
            assertThat(took).as("PINGs answered while the scripts ran").hasSizeGreaterThan((int) (calls / 100));
            assertThat(took.get(took.size() * 99 / 100))
                    .as("99th percentile of the PINGs' round trips (us)")
                    .isLessThan(BOUND_MICROS);
        }
        run("redis-cli", "-p", Integer.toString(PORT), "shutdown", "nosave");
    }

    @BeforeTry
    void emptyRedis() {
        redis.call("FLUSHALL");
    }

    @Property(tries = 400)
    void everyNumericArgumentMayBeAnything(
            @ForAll @IntRange(max = 12) int which,
            @ForAll @IntRange(max = 20) int slot,
            @ForAll("hostileNumbers") String number) {
        Script script = SCRIPTS.get(which);
        if (script.numbers().isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(script.args());
        args.set(script.numbers().get(slot % script.numbers().size()) - 1, number);
        Object reply = eval(script, script.keys(), args);
        // record-decision's numbers are base 36: most words are numbers to it.
        if (!script.name().equals("record-decision") && !isNumber(number)) {
            assertThat(reply).as("%s with %s", script.name(), number).isInstanceOf(RespError.class);
        }
    }

    @Property(tries = 200)
    void appliedEventsKeepStoredValuesReadableOrAreRefused(
            @ForAll("hostileNumbers") String eventTime,
            @ForAll("hostileNumbers") String sum,
            @ForAll("hostileNumbers") String now) {
        Script apply = SCRIPTS.get(0);
        List<String> args = new ArrayList<>(apply.args());
        args.set(1, now);
        args.set(3, eventTime);
        args.set(13, sum);
        Object first = eval(apply, apply.keys(), args);
        args.set(0, "0123456789ac");
        Object second = eval(apply, apply.keys(), args);
        // Refused both times, or applied both times: what the first call stored, the second could read.
        if (first instanceof RespError) {
            assertThat(second).isInstanceOf(RespError.class);
            assertThat(redis.call("KEYS", "*")).isEqualTo(List.of());
        } else {
            assertThat(first).isEqualTo(1L);
            assertThat(second).isEqualTo(1L);
        }
    }

    @Property(tries = 200)
    void corruptStoredFactsAreRefusedBeforeAnythingIsWritten(
            @ForAll("garbage") String stored, @ForAll @IntRange(max = 4) int field) {
        Script apply = SCRIPTS.get(0);
        String name = List.of("sabc", "sabcN", "eabc", "tu", "v").get(field);
        redis.call("HSET", "tailor:c:{t}", name, stored);
        List<String> args = new ArrayList<>(apply.args());
        if (field == 2) {
            args.set(4, "eabc");
        }
        Object reply = eval(apply, apply.keys(), args);
        if (reply instanceof RespError) {
            assertThat(redis.call("HGETALL", "tailor:c:{t}")).isEqualTo(List.of(name, stored));
            assertThat(redis.call("EXISTS", "tailor:c:{t}:applied")).isEqualTo(0L);
        }
    }

    @Example
    void aTimeBeforeTheEpochIsRefusedAndWritesNothing() {
        Script apply = SCRIPTS.get(0);
        List<String> args = new ArrayList<>(apply.args());
        args.set(3, "-62135596800000"); // 0001-01-01T00:00:00Z
        assertThat(eval(apply, apply.keys(), args)).isInstanceOf(RespError.class);
        assertThat(redis.call("KEYS", "*")).isEqualTo(List.of());
    }

    @Example
    void missingAndExtraArgumentsAndKeysAreAnswered() {
        for (Script script : SCRIPTS) {
            for (int keys = 0; keys <= script.keys().size() + 1; keys++) {
                for (int args = 0; args <= script.args().size() + 2; args++) {
                    redis.call("FLUSHALL");
                    List<String> someKeys = new ArrayList<>(script.keys()
                            .subList(0, Math.min(keys, script.keys().size())));
                    if (keys > script.keys().size()) {
                        someKeys.add("tailor:c:{t}:extra");
                    }
                    List<String> someArgs = new ArrayList<>(script.args()
                            .subList(0, Math.min(args, script.args().size())));
                    while (someArgs.size() < args) {
                        someArgs.add("x");
                    }
                    eval(script, someKeys, someArgs);
                }
            }
        }
    }

    @Example
    void keysOfAnotherTypeAreAnswered() {
        for (Script script : SCRIPTS) {
            for (String key : script.keys()) {
                for (List<String> wrong : List.of(
                        List.of("SET", key, "x"),
                        List.of("RPUSH", key, "x"),
                        List.of("HSET", key, "v", "x"),
                        List.of("ZADD", key, "1", "x"),
                        List.of("SADD", key, "x"))) {
                    redis.call("FLUSHALL");
                    redis.call(wrong.toArray(String[]::new));
                    eval(script, script.keys(), script.args());
                }
            }
        }
    }

    @Example
    void corruptRecordsOfTheOtherScriptsAreAnswered() {
        Map<String, List<List<String>>> states = Map.of(
                "links-settled", List.of(List.of("HSET", "tailor:erased", "dig-u", "soon")),
                "apply-event",
                        List.of(
                                List.of("HSET", "tailor:erased:{0}", "dig", "nan"),
                                List.of("SET", "tailor:id:{t}", "}{"),
                                List.of("SET", "tailor:id:{t}", ""),
                                List.of(
                                        "EVAL",
                                        "return redis.call('ZADD', KEYS[1], 'inf', string.char(1, 35, 69, 103, 137, 171))",
                                        "1",
                                        "tailor:c:{t}:applied")),
                "merge-profiles",
                        List.of(
                                List.of("HSET", "tailor:c:{t}", "v", "x"),
                                List.of("SADD", "tailor:c:{m}:ids", "", "x", "a:")),
                "record-decision",
                        List.of(
                                List.of("HSET", "tailor:c:{t}", "v", "1", "d:marketing", "::::"),
                                List.of(
                                        "HSET",
                                        "tailor:c:{t}",
                                        "v",
                                        "1",
                                        "d:marketing",
                                        "zzzzzzzzzzzzzzzzzzzzzzzz:1:x")),
                "take-token",
                        List.of(
                                List.of("HSET", "tailor:ratelimit:{1}", "tokens", "nan", "at", "-inf"),
                                List.of("HSET", "tailor:ratelimit:{1}", "tokens", "1e400", "at", "x")),
                "release-pending", List.of(List.of("ZADD", "tailor:decisions:pending", "-inf", "t")),
                "claim-pending", List.of(List.of("ZADD", "tailor:decisions:pending", "-inf", "t", "+inf", "u")),
                "claim-due",
                        List.of(
                                List.of("ZADD", "tailor:decisions:due", "-inf", "t", "+inf", "u"),
                                List.of("ZADD", "tailor:decisions:due:claims", "-inf", "t", "+inf", "u")),
                "hold-lease",
                        List.of(
                                List.of("SET", "tailor:decisions:lease:{0}", "another-node"),
                                List.of("RPUSH", "tailor:decisions:lease:{0}", "node")));
        for (Script script : SCRIPTS) {
            for (List<String> state : states.getOrDefault(script.name(), List.of())) {
                redis.call("FLUSHALL");
                redis.call(state.toArray(String[]::new));
                eval(script, script.keys(), script.args());
            }
        }
        Script take = SCRIPTS.stream()
                .filter(s -> s.name().equals("take-token"))
                .findFirst()
                .orElseThrow();
        redis.call("FLUSHALL");
        redis.call("HSET", "tailor:ratelimit:{1}", "tokens", "nan", "at", "-inf");
        assertThat(eval(take, take.keys(), take.args())).isEqualTo(0L);
    }

    @Provide
    Arbitrary<String> hostileNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(x -> Long.toString(x)),
                Arbitraries.doubles().map(x -> Double.toString(x)),
                Arbitraries.bigIntegers()
                        .between(
                                new java.math.BigInteger("-1" + "0".repeat(40)),
                                new java.math.BigInteger("1" + "0".repeat(40)))
                        .map(x -> x.toString()),
                Arbitraries.of(
                        "",
                        " ",
                        "-",
                        "nan",
                        "NaN",
                        "-nan",
                        "inf",
                        "-inf",
                        "Infinity",
                        "-Infinity",
                        "1e400",
                        "-1e400",
                        "1e308",
                        "0x10",
                        "0x7fffffffffffffff",
                        " 12",
                        "12 ",
                        "1.5",
                        "-0",
                        "0",
                        "-1",
                        "9007199254740993",
                        "253402300800000",
                        "-62135596800000",
                        "18446744073709551616",
                        "abc",
                        "1e15",
                        "1e16",
                        "mgt2ik00",
                        "zzzzzzzzzzzz",
                        "\u0000",
                        "١٢٣"),
                text(30));
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("DHVabcz019AZ:;/,.-e+").ofMaxLength(40),
                text(40),
                Arbitraries.of(
                        "",
                        ";",
                        ";;",
                        "nan",
                        "zzzzzzzzzzzzzzzz:0:0",
                        "1:2:3;Nx;HZZZZZZZZZZZZZZZZZZZZZ0",
                        "1:2:3;;D1/inf",
                        "Nx;shoesD1:0/nan",
                        "99999999999999999999"));
    }

    /** Any text of Unicode characters (no lone surrogates, which UTF-8 cannot carry). */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings()
                .ofMaxLength(maxLength)
                .filter(text -> text.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    /** Whether the scripts could read the text as a number at all (Lua's tonumber is wider than Java's parse). */
    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return text.matches("(?i)\\s*[-+]?(0x[0-9a-f]+|nan|inf(inity)?)\\s*");
        }
    }

    /** Runs a script; asserts that it answered and that every PING meanwhile was answered in time. */
    private static Object eval(Script script, List<String> keys, List<String> args) {
        List<String> command =
                new ArrayList<>(List.of("EVAL", script.script().source(), Integer.toString(keys.size())));
        command.addAll(keys);
        command.addAll(args);
        Object reply = redis.call(command.toArray(String[]::new));
        calls++;
        assertThat(reply).as("%s answered", script.name()).isNotNull();
        assertThat(redis.call("SLOWLOG", "GET", "1"))
                .as("commands that held Redis 50 ms or more, after %s", script.name())
                .isEqualTo(List.of());
        assertThat(pinger.failed)
                .as("a PING unanswered or answered late (over a second), after %s", script.name())
                .isFalse();
        return reply;
    }

    /** PINGs every 5 ms and keeps each round trip's time (us). */
    private static final class Pinger extends Thread {
        final Resp connection;
        private final List<Long> took = new ArrayList<>();
        volatile boolean failed;

        Pinger(Resp connection) {
            super("redis-pinger");
            this.connection = connection;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long started = System.nanoTime();
                Object pong = connection.call("PING");
                long micros = (System.nanoTime() - started) / 1000;
                failed |= !"PONG".equals(pong) || micros > 1_000_000;
                synchronized (took) {
                    took.add(micros);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<Long> took() {
            synchronized (took) {
                return took.stream().sorted().toList();
            }
        }
    }

    /** An error reply. */
    private record RespError(String message) {}

    /** A minimal RESP2 client: enough for EVAL and PING, and a read timeout so that a held Redis fails the test. */
    private static final class Resp {
        private final OutputStream out;
        private final InputStream in;

        Resp(Socket socket) throws IOException {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        synchronized Object call(String... command) {
            try {
                StringBuilder request =
                        new StringBuilder("*").append(command.length).append("\r\n");
                List<byte[]> parts = new ArrayList<>();
                for (String part : command) {
                    parts.add(part.getBytes(StandardCharsets.UTF_8));
                }
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                bytes.write(request.toString().getBytes(StandardCharsets.US_ASCII));
                for (byte[] part : parts) {
                    bytes.write(("$" + part.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    bytes.write(part);
                    bytes.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write(bytes.toByteArray());
                out.flush();
                return read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Object read() throws IOException {
            int kind = in.read();
            String line = line();
            return switch (kind) {
                case '+' -> line;
                case '-' -> new RespError(line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield null;
                    }
                    byte[] value = in.readNBytes(length);
                    line();
                    yield new String(value, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        items.add(read());
                    }
                    yield count < 0 ? null : items;
                }
                default -> throw new IOException("Unexpected reply " + (char) kind + line);
            };
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("Connection closed");
                }
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }
    }

    private static Resp connect() throws Exception {
        for (int i = 0; i < 50; i++) {
            try {
                return new Resp(new Socket("127.0.0.1", PORT));
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server on port " + PORT + " did not start");
    }

    private static void run(String... command) throws Exception {
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
