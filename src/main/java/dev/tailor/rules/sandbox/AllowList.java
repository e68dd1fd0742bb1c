package dev.tailor.rules.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What compiled rule code may reference: the rule-facing fact API, a fixed set of JDK value types and the parts of
 * the Drools executable model that the compiler itself generates calls to. Everything else, the rest of the JDK
 * (processes, files, sockets, threads, reflection, class loaders, method handles, system properties) and the rest
 * of the application, is refused. Names are JVM internal names ({@code java/lang/String}).
 *
 * <p>The list is closed under what its members hand out: every type in a referenced member's descriptor must be on
 * the list too, so a rule can never hold an object of a type outside it (a cast to one is a type reference and is
 * refused as well).
 */
public final class AllowList {

    /** What an error message tells the analyst. */
    static final String SUMMARY = "rules may use the fact API (Customer, Window, Segment, Variable) and JDK value"
            + " types (String, Math, boxed numbers, BigDecimal, java.time, read-only collections) only";

    /** The fact API: what {@code docs} and the README document for analysts. */
    static final Set<String> FACT_API = Set.of(
            "dev/tailor/facts/Customer",
            "dev/tailor/facts/Window",
            "dev/tailor/rules/Segment",
            "dev/tailor/rules/Variable");

    /** JDK value types rules may use in full (apart from the members {@link #DENIED} names). */
    static final Set<String> JDK_VALUES = Set.of(
            "java/lang/String",
            "java/lang/CharSequence",
            "java/lang/StringBuilder",
            "java/lang/Math",
            "java/lang/Number",
            "java/lang/Integer",
            "java/lang/Long",
            "java/lang/Double",
            "java/lang/Float",
            "java/lang/Short",
            "java/lang/Byte",
            "java/lang/Boolean",
            "java/lang/Character",
            "java/lang/Comparable",
            "java/math/BigDecimal",
            "java/math/BigInteger",
            "java/math/RoundingMode",
            "java/time/Instant",
            "java/time/Duration",
            "java/time/Period",
            "java/time/LocalDate",
            "java/time/LocalTime",
            "java/time/LocalDateTime",
            "java/time/OffsetDateTime",
            "java/time/ZonedDateTime",
            "java/time/ZoneId",
            "java/time/ZoneOffset",
            "java/time/DayOfWeek",
            "java/time/Month",
            "java/time/Year",
            "java/time/YearMonth",
            "java/time/temporal/ChronoUnit",
            "java/time/temporal/TemporalUnit",
            "java/time/temporal/TemporalAmount",
            "java/time/temporal/Temporal",
            "java/time/temporal/TemporalAccessor",
            "java/time/format/DateTimeFormatter",
            "java/util/Locale",
            "java/util/Objects",
            "java/util/Optional");

    /** Collections rules may read; the members that change a collection are refused ({@link #COLLECTION_MEMBERS}). */
    static final Set<String> COLLECTIONS = Set.of(
            "java/lang/Iterable",
            "java/util/Collection",
            "java/util/List",
            "java/util/Set",
            "java/util/Map",
            "java/util/Map$Entry",
            "java/util/Iterator",
            "java/util/ArrayList");

    /**
     * Types the generated code names as types only: a class literal is passed to the model's declarations, a
     * declared type is Serializable, an enum extends Enum. None of their members is callable but those in
     * {@link #RESTRICTED}.
     */
    static final Set<String> TYPES_ONLY = Set.of(
            "java/lang/Object",
            "java/lang/Class",
            "java/io/Serializable",
            "java/lang/Enum",
            "java/lang/Exception",
            "java/lang/RuntimeException",
            "java/lang/Throwable",
            "java/lang/IllegalArgumentException",
            "java/lang/IllegalStateException",
            "java/lang/invoke/SerializedLambda");

    /**
     * The Drools executable model the compiler generates code against: the model DSL (rule definitions built at
     * start, data only), the comparison helpers, the fact metadata interfaces of declared types and the built-in
     * accumulate functions.
     */
    private static final Pattern DROOLS_MODEL = Pattern.compile("org/drools/model/[A-Za-z0-9_$/]+"
            + "|org/drools/modelcompiler/dsl/pattern/D"
            + "|org/drools/modelcompiler/util/EvaluationUtil"
            + "|org/drools/base/factmodel/(GeneratedFact|AccessibleFact)"
            + "|org/drools/core/base/accumulators/[A-Za-z]+AccumulateFunction"
            // the annotations Drools puts on declared types (@Position, @Role, ...)
            + "|org/kie/api/definition/type/[A-Za-z$]+");

    /**
     * What the generated rule classes use for their own set-up (the lists of rules and globals, the date format of
     * date literals), limited to the members they call.
     */
    private static final Map<String, Predicate<String>> SET_UP = Map.of(
            "java/util/Arrays", Set.of("asList")::contains,
            "java/util/Collections",
                    name -> name.startsWith("empty") || name.startsWith("unmodifiable") || name.startsWith("singleton"),
            "java/time/format/DateTimeFormatterBuilder", name -> true,
            "org/drools/util/DateUtils", Set.of("getDateFormatMask")::contains,
            // values() of a declared enum copies its array of constants
            "java/lang/System", Set.of("arraycopy")::contains,
            // the lambda an accumulate gets its function from
            "java/util/function/Supplier", Set.of("get")::contains);

    /** Members refused whatever their owner: they reach a class object, a monitor or the finaliser. */
    private static final Set<String> DENIED_EVERYWHERE = Set.of("getClass", "wait", "notify", "notifyAll", "finalize");

    /**
     * Members refused on otherwise allowed owners: system properties behind the boxed types, the model's script
     * consequences (MVEL at run time) and class-based accumulate functions (instantiated by reflection), the
     * consequence context's doors to the session and the engine.
     */
    private static final Map<String, Predicate<String>> DENIED = Map.ofEntries(
            Map.entry("java/lang/Integer", Set.of("getInteger")::contains),
            Map.entry("java/lang/Long", Set.of("getLong")::contains),
            Map.entry("java/lang/Boolean", Set.of("getBoolean")::contains),
            Map.entry("java/util/Locale", Set.of("setDefault")::contains));

    /** Owners of which only the named members may be used. */
    private static final Map<String, Predicate<String>> RESTRICTED = Map.ofEntries(
            Map.entry("java/lang/Object", Set.of("<init>", "equals", "hashCode", "toString")::contains),
            Map.entry(
                    "java/lang/Enum",
                    Set.of("<init>", "name", "ordinal", "compareTo", "equals", "hashCode", "toString", "valueOf")
                            ::contains),
            Map.entry("java/lang/Throwable", Set.of("getMessage")::contains),
            Map.entry("java/lang/Exception", Set.of("<init>")::contains),
            Map.entry("java/lang/RuntimeException", Set.of("<init>")::contains),
            Map.entry("java/lang/IllegalArgumentException", Set.of("<init>")::contains),
            Map.entry("java/lang/IllegalStateException", Set.of("<init>")::contains),
            // $deserializeLambda$, which the compiler adds to classes with serializable lambdas, reads these.
            Map.entry("java/lang/invoke/SerializedLambda", name -> name.startsWith("get")),
            Map.entry("org/drools/model/Drools", Set.of("insert", "update", "delete")::contains),
            Map.entry("org/drools/model/DroolsEntryPoint", Set.of("insert", "update", "delete")::contains));

    /** The collection members rules may use: reading, and adding to a list of their own. */
    private static final Set<String> COLLECTION_MEMBERS = Set.of(
            "<init>",
            "add",
            "get",
            "getOrDefault",
            "size",
            "isEmpty",
            "contains",
            "containsKey",
            "containsValue",
            "containsAll",
            "indexOf",
            "lastIndexOf",
            "keySet",
            "values",
            "entrySet",
            "getKey",
            "getValue",
            "iterator",
            "hasNext",
            "next",
            "of",
            "copyOf",
            "equals",
            "hashCode",
            "toString");

    /** Members of the Drools model never generated for a rule and which would run code from a string or class. */
    private static final Set<String> DENIED_IN_MODEL = Set.of(
            "executeScript",
            "getRuntime",
            "getContext",
            "getEntryPoint",
            "getChannel",
            "insertAsync",
            "setFocus",
            "halt");

    private AllowList() {}

    /** Whether rule code may name {@code type} (an internal name, an array of one, or a primitive descriptor). */
    static boolean allowsType(String type) {
        String element = type;
        while (element.startsWith("[")) {
            element = element.substring(1);
        }
        if (element.length() == 1) {
            return true; // a primitive
        }
        if (element.startsWith("L") && element.endsWith(";")) {
            element = element.substring(1, element.length() - 1);
        }
        return FACT_API.contains(element)
                || JDK_VALUES.contains(element)
                || COLLECTIONS.contains(element)
                || TYPES_ONLY.contains(element)
                || SET_UP.containsKey(element)
                || DROOLS_MODEL.matcher(element).matches();
    }

    /** Whether rule code may use member {@code name} of {@code owner}, an allowed type. */
    static boolean allowsMember(String owner, String name, String descriptor) {
        if (DENIED_EVERYWHERE.contains(name)) {
            return false;
        }
        Predicate<String> only = RESTRICTED.getOrDefault(owner, SET_UP.get(owner));
        if (only != null) {
            return only.test(name);
        }
        if (TYPES_ONLY.contains(owner)) {
            return false;
        }
        if (COLLECTIONS.contains(owner)) {
            return COLLECTION_MEMBERS.contains(name);
        }
        if (DROOLS_MODEL.matcher(owner).matches()) {
            // accFunction(Class) instantiates the class by reflection; the generated code passes a supplier.
            return !DENIED_IN_MODEL.contains(name)
                    && !(name.equals("accFunction") && descriptor.startsWith("(Ljava/lang/Class;"));
        }
        Predicate<String> denied = DENIED.get(owner);
        return denied == null || !denied.test(name);
    }

    /** Whether {@code owner.name} may bootstrap an invokedynamic: lambdas and string concatenation only. */
    static boolean allowsBootstrap(String owner, String name) {
        return (owner.equals("java/lang/invoke/LambdaMetafactory")
                        && (name.equals("metafactory") || name.equals("altMetafactory")))
                || (owner.equals("java/lang/invoke/StringConcatFactory")
                        && (name.equals("makeConcatWithConstants") || name.equals("makeConcat")));
    }

    /** Whether analysts may import {@code type} (a dotted class name) in a rule file. */
    static boolean allowsImport(String type) {
        String internal = type.replace('.', '/');
        return FACT_API.contains(internal)
                || JDK_VALUES.contains(internal)
                || COLLECTIONS.contains(internal)
                || internal.equals("java/lang/Object");
    }
}
