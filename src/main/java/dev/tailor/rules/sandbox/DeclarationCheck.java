package dev.tailor.rules.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AccumulateImportDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EnumDeclarationDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.QualifiedName;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * Checks what a rule file declares, on the parsed file and before Drools builds anything: the compiler loads
 * imported accumulate functions and generated declared types while it builds, so these must be vetted first.
 * Imports, function imports, globals and the fields and supertypes of declared types may name allow-listed types
 * only; custom accumulate functions (imported or inline), declared enums and computed field defaults are not
 * allowed at all, because Drools may run them while it builds.
 */
final class DeclarationCheck {

    private static final Pattern LITERAL =
            Pattern.compile("-?\\d+(\\.\\d+)?[lLdDfF]?|\"(?:[^\"\\\\]|\\\\.)*\"|true|false|null");
    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    /** Packages a rule file may not put its classes in: the JDK's, Drools', Tailor's own. */
    private static final List<String> RESERVED_PACKAGES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.drools.", "org.kie.", "org.mvel2.", "dev.tailor.");

    private DeclarationCheck() {}

    static List<Finding> check(SourceIndex index) {
        List<Finding> found = new ArrayList<>();
        for (SourceIndex.ParsedFile parsed : index.files()) {
            PackageDescr pkg = parsed.descr();
            String file = parsed.file();
            String namespace = pkg.getNamespace() + ".";
            if (RESERVED_PACKAGES.stream().anyMatch(namespace::startsWith)) {
                found.add(SourceIndex.at(
                        file,
                        pkg,
                        "package " + pkg.getNamespace()
                                + " is reserved: rule files use a package of their own, such as tailor.marketing"));
            }
            for (ImportDescr imported : pkg.getImports()) {
                String target = imported.getTarget();
                if (target.endsWith(".*")) {
                    found.add(
                            SourceIndex.at(file, imported, "import " + target + ": import each allowed type by name"));
                } else if (!AllowList.allowsImport(target)) {
                    found.add(SourceIndex.at(file, imported, forbidden("import of", target)));
                }
            }
            for (FunctionImportDescr imported : pkg.getFunctionImports()) {
                String target = imported.getTarget();
                int dot = target.lastIndexOf('.');
                if (dot < 0 || !AllowList.allowsImport(target.substring(0, dot))) {
                    found.add(SourceIndex.at(file, imported, forbidden("import function", target)));
                }
            }
            for (AccumulateImportDescr imported : pkg.getAccumulateImports()) {
                found.add(SourceIndex.at(
                        file,
                        imported,
                        "import accumulate " + imported.getTarget()
                                + ": custom accumulate functions are not allowed (use count, sum, average, min, max,"
                                + " collectList, collectSet)"));
            }
            for (GlobalDescr global : pkg.getGlobals()) {
                String type = resolve(pkg, index, global.getType());
                if (type != null) {
                    found.add(SourceIndex.at(
                            file, global, forbidden("global " + global.getIdentifier() + " of type", type)));
                }
            }
            for (EnumDeclarationDescr declared : pkg.getEnumDeclarations()) {
                // Drools initialises a declared enum while it builds, running its constants' arguments.
                found.add(SourceIndex.at(
                        file,
                        declared,
                        "declare enum " + declared.getTypeName()
                                + ": declared enums are not allowed (use String constants)"));
            }
            for (RuleDescr rule : pkg.getRules()) {
                inlineAccumulates(
                        rule.getLhs(),
                        accumulate -> found.add(SourceIndex.at(
                                file,
                                accumulate,
                                "rule \"" + rule.getName() + "\": accumulate with init/action/result code is a custom"
                                        + " accumulate function, which is not allowed (use count, sum, average, min, max,"
                                        + " collectList, collectSet)")));
            }
            for (AbstractClassTypeDeclarationDescr declared : pkg.getClassAndEnumDeclarationDescrs()) {
                for (QualifiedName superType : declared.getSuperTypes()) {
                    String name = superType.getFullName();
                    if (!name.equals("java.lang.Object")
                            && !name.equals("Object")
                            && !(declared instanceof EnumDeclarationDescr && name.equals("java.lang.Enum"))
                            && !index.declaresType(pkg.getNamespace(), name)) {
                        found.add(SourceIndex.at(
                                file,
                                declared,
                                forbidden("declared type " + declared.getTypeName() + " extends", name)));
                    }
                }
                for (TypeFieldDescr field : declared.getFields().values()) {
                    String initial = field.getInitExpr();
                    if (initial != null && !LITERAL.matcher(initial.strip()).matches()) {
                        // Drools may create instances of declared types while it builds.
                        found.add(SourceIndex.at(
                                file,
                                field,
                                "field " + declared.getTypeName() + "."
                                        + field.getFieldName()
                                        + ": a default value must be a literal (a number, a string,"
                                        + " true or false)"));
                    }
                    String type = resolve(pkg, index, field.getPattern().getObjectType());
                    if (type != null) {
                        found.add(SourceIndex.at(
                                file,
                                field,
                                forbidden(
                                        "field " + declared.getTypeName() + "." + field.getFieldName() + " of type",
                                        type)));
                    }
                }
            }
        }
        return found;
    }

    /** Calls {@code found} with every accumulate under {@code descr} that carries code of its own. */
    private static void inlineAccumulates(BaseDescr descr, Consumer<AccumulateDescr> found) {
        if (descr instanceof AccumulateDescr accumulate) {
            if (!accumulate.isExternalFunction() || accumulate.getInitCode() != null) {
                found.accept(accumulate);
            }
            inlineAccumulates(accumulate.getInput(), found);
        } else if (descr instanceof PatternDescr pattern) {
            inlineAccumulates(pattern.getSource(), found);
        }
        if (descr instanceof ConditionalElementDescr element) {
            element.getDescrs().forEach(child -> inlineAccumulates(child, found));
        }
    }

    /** The fully qualified name of {@code type} as written in {@code pkg} when it is not allowed, else null. */
    private static String resolve(PackageDescr pkg, SourceIndex index, String type) {
        String bare = type.replaceAll("<.*>", "").replace("[]", "").strip();
        if (PRIMITIVES.contains(bare) || index.declaresType(pkg.getNamespace(), bare)) {
            return null;
        }
        String qualified = bare;
        if (!bare.contains(".")) {
            qualified = pkg.getImports().stream()
                    .map(ImportDescr::getTarget)
                    .filter(target -> target.endsWith("." + bare))
                    .findFirst()
                    .orElse("java.lang." + bare);
        }
        return AllowList.allowsImport(qualified) ? null : qualified;
    }

    private static String forbidden(String what, String type) {
        return what + " " + type + " is not allowed: " + AllowList.SUMMARY;
    }
}
