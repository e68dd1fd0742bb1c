package dev.tailor.rules.sandbox;

import dev.tailor.rules.sandbox.ScannedClass.Reference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * Checks every reference of the generated classes against the {@link AllowList}. Generated classes may name each
 * other and their own members; a member they inherit is checked where it is declared.
 */
final class BytecodeCheck {

    /** A forbidden {@code reference} (dotted, {@code java.lang.Runtime.exec}) made in {@code method} of a class. */
    record Violation(String className, String method, String reference) {}

    private final Map<String, ScannedClass> classes;

    private BytecodeCheck(Map<String, ScannedClass> classes) {
        this.classes = classes;
    }

    static List<Violation> check(Map<String, ScannedClass> classes) {
        return new BytecodeCheck(classes).violations();
    }

    private List<Violation> violations() {
        Set<Violation> found = new LinkedHashSet<>();
        for (ScannedClass scanned : classes.values()) {
            scanned.references().forEach((method, references) -> {
                for (Reference reference : references) {
                    String forbidden = forbidden(reference);
                    if (forbidden != null) {
                        found.add(new Violation(scanned.name(), method, forbidden.replace('/', '.')));
                    }
                }
            });
        }
        return new ArrayList<>(found);
    }

    /** What {@code reference} names that is not allowed, or null. */
    private String forbidden(Reference reference) {
        if (reference instanceof Reference.TypeRef type) {
            return allowsType(type.type()) ? null : elementType(type.type());
        }
        if (reference instanceof Reference.BootstrapRef bootstrap) {
            return AllowList.allowsBootstrap(bootstrap.owner(), bootstrap.name())
                    ? null
                    : bootstrap.owner() + "." + bootstrap.name();
        }
        return forbiddenMember((Reference.MemberRef) reference);
    }

    private String forbiddenMember(Reference.MemberRef member) {
        String owner = member.owner();
        if (owner.startsWith("[")) {
            // an array's clone(): allowed for arrays of allowed types
            if (!allowsType(owner) || !member.name().equals("clone")) {
                return elementType(owner) + "." + member.name();
            }
        } else if (!allowsMember(owner, member.name(), member.descriptor())) {
            return owner + "." + member.name();
        }
        if (!member.descriptor().startsWith("(")) {
            return allowsType(member.descriptor()) ? null : elementType(member.descriptor());
        }
        Type method = Type.getMethodType(member.descriptor());
        if (!allowsType(method.getReturnType().getDescriptor())) {
            return elementType(method.getReturnType().getDescriptor());
        }
        for (Type argument : method.getArgumentTypes()) {
            if (!allowsType(argument.getDescriptor())) {
                return elementType(argument.getDescriptor());
            }
        }
        return null;
    }

    private boolean allowsType(String type) {
        return classes.containsKey(elementType(type)) || AllowList.allowsType(type);
    }

    /** A member of a generated class is allowed if that class declares it, else where its supertypes declare it. */
    private boolean allowsMember(String owner, String name, String descriptor) {
        ScannedClass generated = classes.get(owner);
        if (generated == null) {
            return AllowList.allowsType(owner) && AllowList.allowsMember(owner, name, descriptor);
        }
        if (generated.members().contains(name) || generated.members().contains(name + descriptor)) {
            return !name.equals("getClass");
        }
        List<String> supertypes = new ArrayList<>();
        if (generated.superName() != null) {
            supertypes.add(generated.superName());
        }
        supertypes.addAll(generated.interfaces());
        return !supertypes.isEmpty() && supertypes.stream().anyMatch(type -> allowsMember(type, name, descriptor));
    }

    /** The class an internal name or descriptor names, without array brackets or the L...; wrapping. */
    private static String elementType(String type) {
        String element = type;
        while (element.startsWith("[")) {
            element = element.substring(1);
        }
        if (element.startsWith("L") && element.endsWith(";")) {
            element = element.substring(1, element.length() - 1);
        }
        return element;
    }
}
