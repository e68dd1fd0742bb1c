package dev.tailor.rules;

import dev.tailor.rules.sandbox.Finding;
import dev.tailor.rules.sandbox.RuleSandbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Checks at compile time that rules set declared variables only, each to a value of its declared type (see
 * {@link DeclaredVariables}). It reads what Drools generated: every {@code new Variable(name, value)} in a
 * consequence, function or decision-table action is a constructor call in bytecode, where a data-flow analysis gives
 * the name (a literal text) and the static type of the value. A value whose type the compiler only knows as
 * {@code Object} cannot be checked, so it is refused too: the rule converts it (e.g. {@code String.valueOf}).
 */
final class VariableCheck {

    private static final String VARIABLE = Type.getInternalName(Variable.class);
    private static final String CONSTRUCTOR = "(Ljava/lang/String;Ljava/lang/Object;)V";
    private static final String PROJECT_MODEL = "org/drools/project/model/";
    private static final String NULL = "null";

    private VariableCheck() {}

    /** Every variable a rule sets that is not declared or not of its declared type, placed in the rule files. */
    static List<Finding> check(Map<String, byte[]> classes, DeclaredVariables declared, RuleSandbox sandbox) {
        Set<Finding> found = new LinkedHashSet<>();
        classes.forEach((path, bytes) -> {
            if (path.startsWith(PROJECT_MODEL) || !mentionsVariable(bytes)) {
                return;
            }
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_DEBUG);
            for (MethodNode method : node.methods) {
                if (constructsVariable(method)) {
                    check(node.name, method, declared, classes, sandbox, found);
                }
            }
        });
        return new ArrayList<>(found);
    }

    private static void check(
            String owner,
            MethodNode method,
            DeclaredVariables declared,
            Map<String, byte[]> classes,
            RuleSandbox sandbox,
            Set<Finding> found) {
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(new Typed()).analyze(owner, method);
        } catch (AnalyzerException e) {
            found.add(sandbox.locate(
                    classes,
                    owner,
                    method.name,
                    List.of("Variable"),
                    "sets a variable in code Tailor cannot read: " + e.getMessage(),
                    "a variable is set in code Tailor cannot read: " + e.getMessage()));
            return;
        }
        AbstractInsnNode[] instructions = method.instructions.toArray();
        for (int i = 0; i < instructions.length; i++) {
            Frame<BasicValue> frame = frames[i];
            if (frame == null || !isVariableConstructor(instructions[i])) {
                continue;
            }
            BasicValue name = frame.getStack(frame.getStackSize() - 2);
            BasicValue value = frame.getStack(frame.getStackSize() - 1);
            String problem = problem(name, value, declared);
            if (problem != null) {
                String literal = name instanceof Typed.Text text ? text.text : null;
                List<String> tokens =
                        literal == null ? List.of("Variable") : List.of("\"" + literal + "\"", "Variable");
                found.add(sandbox.locate(classes, owner, method.name, tokens, problem, "a rule " + problem));
            }
        }
    }

    /** What is wrong with {@code new Variable(name, value)}, or null when nothing is. */
    private static String problem(BasicValue name, BasicValue value, DeclaredVariables declared) {
        if (!(name instanceof Typed.Text text)) {
            return "sets a variable whose name is not written out: name it with a literal text, e.g."
                    + " new Variable(\"loyalty_tier\", ...), so that it can be checked against facts.yaml";
        }
        DeclaredVariables.Declared variable = declared.get(text.text).orElse(null);
        if (variable == null) {
            return "sets variable \"" + text.text + "\", which facts.yaml does not declare ("
                    + (declared.byName().isEmpty()
                            ? "it declares no variables"
                            : "it declares " + String.join(", ", declared.names()))
                    + "); declare it under variables: with a type and a default";
        }
        Type type = value.getType();
        if (type == null || type.getSort() != Type.OBJECT) {
            return "sets variable \"" + text.text + "\" to a value Tailor cannot type; facts.yaml declares it a "
                    + variable.type().word();
        }
        String internal = type.getInternalName();
        if (internal.equals(NULL) || variable.type().acceptsJavaType(internal)) {
            return null;
        }
        String simple = internal.substring(internal.lastIndexOf('/') + 1);
        if (internal.equals("java/lang/Object")) {
            return "sets variable \"" + text.text + "\" to a value whose type is only known as Object; facts.yaml"
                    + " declares it a " + variable.type().word() + ": convert the value (e.g. String.valueOf(...))";
        }
        return "sets variable \"" + text.text + "\" to a " + simple + ", but facts.yaml declares it a "
                + variable.type().word();
    }

    private static boolean isVariableConstructor(AbstractInsnNode instruction) {
        return instruction.getOpcode() == Opcodes.INVOKESPECIAL
                && instruction instanceof MethodInsnNode call
                && call.owner.equals(VARIABLE)
                && call.name.equals("<init>");
    }

    private static boolean constructsVariable(MethodNode method) {
        for (AbstractInsnNode instruction : method.instructions) {
            if (isVariableConstructor(instruction)) {
                return true;
            }
        }
        return false;
    }

    /** A cheap filter: a class that never names Variable has its name nowhere in its constant pool. */
    private static boolean mentionsVariable(byte[] bytes) {
        byte[] name = VARIABLE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + name.length <= bytes.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * ASM's basic interpreter, keeping the exact reference type of each value (the basic one knows only "a
     * reference") and the text of string literals, so the name and the value's type reach the constructor call.
     * Where two paths meet with different values, only "a reference" is known.
     */
    private static final class Typed extends BasicInterpreter {

        /** A string literal. */
        static final class Text extends BasicValue {
            final String text;

            Text(String text) {
                super(Type.getObjectType("java/lang/String"));
                this.text = text;
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Text that && Objects.equals(text, that.text);
            }

            @Override
            public int hashCode() {
                return Objects.hash(getType(), text);
            }
        }

        Typed() {
            super(Opcodes.ASM9);
        }

        @Override
        public BasicValue newValue(Type type) {
            if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
                return new BasicValue(type);
            }
            return super.newValue(type);
        }

        @Override
        public BasicValue newOperation(AbstractInsnNode instruction) throws AnalyzerException {
            if (instruction instanceof LdcInsnNode ldc && ldc.cst instanceof String text) {
                return new Text(text);
            }
            return super.newOperation(instruction);
        }

        @Override
        public BasicValue merge(BasicValue value1, BasicValue value2) {
            if (value1.equals(value2)) {
                return value1;
            }
            if (value1.isReference() && value2.isReference()) {
                return BasicValue.REFERENCE_VALUE;
            }
            return BasicValue.UNINITIALIZED_VALUE;
        }
    }
}
