package dev.tailor.rules.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Every reference one generated class makes, read from its bytecode with ASM: its supertypes, the types of its
 * fields and methods, annotations, and in each method every type, field, method, method handle, constant and
 * invokedynamic bootstrap its instructions name. Nothing is loaded: the bytes are only read.
 *
 * @param members the fields and methods the class declares, as {@code name} and {@code name+descriptor}
 * @param references what each method (or {@code ""} for the class itself) references
 * @param strings the string constants each method loads, which name the rule it belongs to
 * @param calls the methods of generated classes each method invokes or makes a lambda of ({@code owner.name})
 */
record ScannedClass(
        String name,
        String superName,
        List<String> interfaces,
        Set<String> members,
        Map<String, List<Reference>> references,
        Map<String, List<String>> strings,
        Map<String, Set<String>> calls) {

    /** What a piece of code names: a type, a member of a type, or an invokedynamic bootstrap. */
    sealed interface Reference {
        /** The type named, as an internal name or a descriptor. */
        record TypeRef(String type) implements Reference {}

        record MemberRef(String owner, String name, String descriptor) implements Reference {}

        record BootstrapRef(String owner, String name) implements Reference {}
    }

    static ScannedClass read(byte[] bytes) {
        Collector collector = new Collector();
        new ClassReader(bytes).accept(collector, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ScannedClass(
                collector.name,
                collector.superName,
                collector.interfaces,
                collector.members,
                collector.references,
                collector.strings,
                collector.calls);
    }

    private static final class Collector extends ClassVisitor {
        private String name;
        private String superName;
        private List<String> interfaces = List.of();
        private final Set<String> members = new HashSet<>();
        private final Map<String, List<Reference>> references = new LinkedHashMap<>();
        private final Map<String, List<String>> strings = new HashMap<>();
        private final Map<String, Set<String>> calls = new HashMap<>();

        Collector() {
            super(Opcodes.ASM9);
        }

        private List<Reference> of(String method) {
            return references.computeIfAbsent(method, m -> new ArrayList<>());
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
            if (superName != null) {
                of("").add(new Reference.TypeRef(superName));
            }
            this.interfaces.forEach(type -> of("").add(new Reference.TypeRef(type)));
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation("", descriptor);
        }

        private AnnotationVisitor annotation(String method, String descriptor) {
            List<Reference> found = of(method);
            found.add(new Reference.TypeRef(descriptor));
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String key, Object value) {
                    if (value instanceof Type type) {
                        found.add(new Reference.TypeRef(type.getDescriptor()));
                    }
                }

                @Override
                public void visitEnum(String key, String enumDescriptor, String value) {
                    found.add(new Reference.TypeRef(enumDescriptor));
                }

                @Override
                public AnnotationVisitor visitAnnotation(String key, String nested) {
                    return annotation(method, nested);
                }

                @Override
                public AnnotationVisitor visitArray(String key) {
                    return this;
                }
            };
        }

        @Override
        public FieldVisitor visitField(int access, String field, String descriptor, String signature, Object value) {
            members.add(field);
            of("").add(new Reference.TypeRef(descriptor));
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return Collector.this.annotation("", annotation);
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String method, String descriptor, String signature, String[] exceptions) {
            members.add(method + descriptor);
            List<Reference> found = of(method);
            Type type = Type.getMethodType(descriptor);
            found.add(new Reference.TypeRef(type.getReturnType().getDescriptor()));
            for (Type argument : type.getArgumentTypes()) {
                found.add(new Reference.TypeRef(argument.getDescriptor()));
            }
            if (exceptions != null) {
                for (String exception : exceptions) {
                    found.add(new Reference.TypeRef(exception));
                }
            }
            List<String> constants = strings.computeIfAbsent(method, m -> new ArrayList<>());
            Set<String> invoked = calls.computeIfAbsent(method, m -> new HashSet<>());
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return Collector.this.annotation(method, annotation);
                }

                @Override
                public void visitTypeInsn(int opcode, String typeName) {
                    found.add(new Reference.TypeRef(typeName));
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    found.add(new Reference.MemberRef(owner, field, fieldDescriptor));
                }

                @Override
                public void visitMethodInsn(
                        int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                    found.add(new Reference.MemberRef(owner, called, calledDescriptor));
                    invoked.add(owner + "." + called);
                }

                @Override
                public void visitInvokeDynamicInsn(
                        String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                    found.add(new Reference.BootstrapRef(bootstrap.getOwner(), bootstrap.getName()));
                    addMethodType(Type.getMethodType(indyDescriptor));
                    for (Object argument : arguments) {
                        constant(argument);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof String text) {
                        constants.add(text);
                    }
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    found.add(new Reference.TypeRef(arrayDescriptor));
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String caught) {
                    if (caught != null) {
                        found.add(new Reference.TypeRef(caught));
                    }
                }

                private void constant(Object value) {
                    if (value instanceof Type type) {
                        if (type.getSort() == Type.METHOD) {
                            addMethodType(type);
                        } else {
                            found.add(new Reference.TypeRef(type.getDescriptor()));
                        }
                    } else if (value instanceof Handle handle) {
                        found.add(new Reference.MemberRef(handle.getOwner(), handle.getName(), handle.getDesc()));
                        invoked.add(handle.getOwner() + "." + handle.getName());
                    } else if (value instanceof ConstantDynamic dynamic) {
                        Handle bootstrap = dynamic.getBootstrapMethod();
                        found.add(new Reference.BootstrapRef(bootstrap.getOwner(), bootstrap.getName()));
                        found.add(new Reference.TypeRef(dynamic.getDescriptor()));
                        for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                            constant(dynamic.getBootstrapMethodArgument(i));
                        }
                    }
                }

                private void addMethodType(Type methodType) {
                    found.add(new Reference.TypeRef(methodType.getReturnType().getDescriptor()));
                    for (Type argument : methodType.getArgumentTypes()) {
                        found.add(new Reference.TypeRef(argument.getDescriptor()));
                    }
                }
            };
        }
    }
}
