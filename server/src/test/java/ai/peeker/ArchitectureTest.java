package ai.peeker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The house rules of DESIGN.md, checked on the compiled classes: packages depend on each other in
 * one direction only, HTTP stays at the edge, SQL stays in stores.
 */
@AnalyzeClasses(packages = "ai.peeker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /**
   * The Jdbi calls that carry SQL text; a transaction alone ({@code jdbi.inTransaction}) does not.
   */
  private static final Set<String> SQL_CALLS =
      Set.of(
          "createQuery",
          "createUpdate",
          "createCall",
          "createScript",
          "createBatch",
          "prepareBatch",
          "execute",
          "select");

  @ArchTest
  static final ArchRule packages_depend_on_each_other_without_cycles =
      slices().matching("ai.peeker.(*)..").should().beFreeOfCycles();

  /** App is the composition root: it builds the Javalin app the edge and routes configure. */
  @ArchTest
  static final ArchRule only_the_http_edge_and_routes_classes_know_javalin =
      noClasses()
          .that()
          .resideOutsideOfPackage("ai.peeker.api..")
          .and(are(not(routes())))
          .and()
          .doNotBelongToAnyOf(ai.peeker.app.App.class)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.javalin..");

  @ArchTest
  static final ArchRule services_stores_provisioning_and_events_never_know_javalin =
      noClasses()
          .that()
          .resideInAnyPackage("ai.peeker.provisioning..", "ai.peeker.events..", "ai.peeker.db..")
          .or(are(stores()))
          .or(are(not(routes())).and(are(inAFeaturePackage())))
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.javalin..");

  @ArchTest
  static final ArchRule only_stores_run_sql =
      noClasses().that(are(not(stores()))).should().callMethodWhere(carryingSql());

  @ArchTest
  static final ArchRule stores_stay_inside_their_package =
      classes().that(are(stores())).should().notBePublic();

  @ArchTest
  static final ArchRule no_package_depends_on_the_composition_root =
      noClasses()
          .that()
          .resideOutsideOfPackage("ai.peeker.app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ai.peeker.app..");

  /** A class named {@code XxxRoutes}, or one nested in it (its lambdas' anonymous classes). */
  private static DescribedPredicate<JavaClass> routes() {
    return DescribedPredicate.describe(
        "*Routes classes", c -> topLevel(c).getSimpleName().endsWith("Routes"));
  }

  private static DescribedPredicate<JavaClass> stores() {
    return DescribedPredicate.describe(
        "*Store classes", c -> topLevel(c).getSimpleName().endsWith("Store"));
  }

  private static DescribedPredicate<JavaClass> inAFeaturePackage() {
    Set<String> notFeatures = Set.of("api", "app", "common", "db");
    return DescribedPredicate.describe(
        "in a feature package",
        c -> {
          String rest = c.getPackageName().replaceFirst("^ai\\.peeker\\.?", "");
          return !rest.isEmpty() && !notFeatures.contains(rest.split("\\.")[0]);
        });
  }

  private static DescribedPredicate<JavaMethodCall> carryingSql() {
    return DescribedPredicate.describe(
        "Jdbi Handle calls carrying SQL (" + String.join(", ", SQL_CALLS) + ")",
        call ->
            call.getTargetOwner().isAssignableTo(Handle.class)
                && SQL_CALLS.contains(call.getName()));
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
