package dev.orderflow.infra;

import static dev.orderflow.infra.AppSyncResolverHarness.API_KEY;
import static dev.orderflow.infra.AppSyncResolverHarness.IAM;
import static dev.orderflow.infra.AppSyncResolverHarness.LAMBDA;
import static dev.orderflow.infra.AppSyncResolverHarness.OIDC;
import static dev.orderflow.infra.AppSyncResolverHarness.USER_POOL;
import static dev.orderflow.infra.AppSyncResolverHarness.cognito;
import static dev.orderflow.infra.AppSyncResolverHarness.iam;
import static dev.orderflow.infra.AppSyncResolverHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.infra.AppSyncResolverHarness.Case;
import dev.orderflow.infra.AppSyncResolverHarness.Result;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who receives which live update: the deployed {@code onOrderUpdated} resolver (its code as the synthesized
 * template holds it, production and dev stage) run under Node, and its enhanced subscription filter applied
 * to updates of several customers' orders. The filter always names the caller's own customer, from the
 * identity; the {@code id} argument only narrows it.
 */
class SubscriptionFilterTest {
  private static final String ALICE = "0f9e2a4c-alice";
  private static final String BOB = "7b1d5e3a-bob";

  private static String production() {
    return LiveUpdatesTest.resolverCode(Synthesized.production(), OrderApi.SUBSCRIPTION_FIELD);
  }

  private static String devStage() {
    return LiveUpdatesTest.resolverCode(Synthesized.devStage(), OrderApi.SUBSCRIPTION_FIELD);
  }

  private static Map<String, Object> filter(Map<String, String> equalities) {
    List<Map<String, Object>> filters = equalities.entrySet().stream()
        .map(e -> Map.<String, Object>of("fieldName", e.getKey(), "operator", "eq", "value", e.getValue()))
        .toList();
    return Map.of("filterGroup", List.of(Map.of("filters", filters)));
  }

  @Test
  void a_cognito_caller_receives_the_updates_of_its_own_orders_only() {
    Result result = AppSyncResolverHarness.runOne(production(), new Case(USER_POOL, cognito(ALICE), Map.of(),
        List.of(update(ALICE, "o-1"), update(ALICE, "o-2"), update(BOB, "o-3"))));

    assertThat(result.unauthorized()).isFalse();
    assertThat(result.error()).isNull();
    assertThat(result.filter()).isEqualTo(filter(Map.of("customer", ALICE)));
    assertThat(result.delivered()).containsExactly(true, true, false);
    // a NONE data source: the subscription resolver returns no payload, the response no value
    assertThat(result.request()).isEqualTo(java.util.Collections.singletonMap("payload", null));
    assertThat(result.response()).isNull();
  }

  @Test
  void with_an_id_the_filter_is_the_callers_customer_and_that_id_in_one_group() {
    Result result = AppSyncResolverHarness.runOne(production(), new Case(USER_POOL, cognito(ALICE), Map.of("id", "o-1"),
        List.of(update(ALICE, "o-1"), update(ALICE, "o-2"), update(BOB, "o-1"))));

    // one filter group: its filters AND together
    assertThat(result.filter()).isEqualTo(Map.of("filterGroup", List.of(Map.of("filters", List.of(
        Map.of("fieldName", "customer", "operator", "eq", "value", ALICE),
        Map.of("fieldName", "id", "operator", "eq", "value", "o-1"))))));
    assertThat(result.delivered()).containsExactly(true, false, false);
  }

  @Test
  void the_client_cannot_widen_the_filter_to_another_customers_orders() {
    // naming Bob's order, and even passing a customer argument the schema does not have
    Map<String, Object> args = new HashMap<>();
    args.put("id", "bob-order");
    args.put("customer", BOB);
    Result result = AppSyncResolverHarness.runOne(production(), new Case(USER_POOL, cognito(ALICE), args,
        List.of(update(BOB, "bob-order"), update(ALICE, "bob-order"))));

    assertThat(result.unauthorized()).isFalse();
    assertThat(result.filter()).isEqualTo(Map.of("filterGroup", List.of(Map.of("filters", List.of(
        Map.of("fieldName", "customer", "operator", "eq", "value", ALICE),
        Map.of("fieldName", "id", "operator", "eq", "value", "bob-order"))))));
    assertThat(result.delivered()).containsExactly(false, true);
  }

  @Test
  void a_null_id_is_no_narrowing() {
    Map<String, Object> args = new HashMap<>();
    args.put("id", null);
    Result result = AppSyncResolverHarness.runOne(production(), new Case(USER_POOL, cognito(ALICE), args, List.of()));

    assertThat(result.filter()).isEqualTo(filter(Map.of("customer", ALICE)));
  }

  @Test
  void iam_callers_and_identities_without_a_sub_are_refused_on_every_stage() {
    Map<String, Object> iamWithSub = new HashMap<>(iam());
    iamWithSub.put("sub", ALICE); // the mode decides, not a field that looks like Cognito's
    Map<String, Object> cognitoWithoutSub = new HashMap<>(cognito(ALICE));
    cognitoWithoutSub.remove("sub");
    Map<String, Object> cognitoBlankSub = new HashMap<>(cognito(ALICE));
    cognitoBlankSub.put("sub", "");
    List<Case> refused = List.of(
        new Case(IAM, iam(), Map.of(), List.of()),
        new Case(IAM, iamWithSub, Map.of(), List.of()),
        new Case(USER_POOL, Map.of(), Map.of(), List.of()),
        new Case(USER_POOL, null, Map.of(), List.of()),
        new Case(USER_POOL, cognitoWithoutSub, Map.of(), List.of()),
        new Case(USER_POOL, cognitoBlankSub, Map.of(), List.of()),
        new Case(OIDC, cognito(ALICE), Map.of(), List.of()),
        new Case(LAMBDA, Map.of("resolverContext", Map.of("customer", ALICE)), Map.of(), List.of()));

    for (String code : List.of(production(), devStage())) {
      assertThat(AppSyncResolverHarness.run(code, refused)).allSatisfy(r -> {
        assertThat(r.unauthorized()).isTrue();
        assertThat(r.filter()).isNull();
      });
    }
  }

  @Test
  void an_api_key_caller_is_refused_unless_the_dev_stage_configures_the_demo_customer() {
    Case apiKey = new Case(API_KEY, null, Map.of(), List.of(update("demo-customer", "o-1"), update(ALICE, "o-2")));
    Case apiKeyNarrowed = new Case(API_KEY, null, Map.of("id", "o-1"), List.of(update("demo-customer", "o-1")));

    assertThat(AppSyncResolverHarness.run(production(), List.of(apiKey, apiKeyNarrowed)))
        .allSatisfy(r -> assertThat(r.unauthorized()).isTrue());

    List<Result> dev = AppSyncResolverHarness.run(devStage(), List.of(apiKey, apiKeyNarrowed));
    assertThat(dev.get(0).unauthorized()).isFalse();
    assertThat(dev.get(0).filter()).isEqualTo(filter(Map.of("customer", "demo-customer")));
    assertThat(dev.get(0).delivered()).containsExactly(true, false);
    assertThat(dev.get(1).filter()).isEqualTo(Map.of("filterGroup", List.of(Map.of("filters", List.of(
        Map.of("fieldName", "customer", "operator", "eq", "value", "demo-customer"),
        Map.of("fieldName", "id", "operator", "eq", "value", "o-1"))))));
  }

  @Test
  void a_dev_stage_cognito_caller_still_receives_only_its_own_orders() {
    Result result = AppSyncResolverHarness.runOne(devStage(), new Case(USER_POOL, cognito(ALICE), Map.of(),
        List.of(update(ALICE, "o-1"), update("demo-customer", "o-2"))));

    assertThat(result.filter()).isEqualTo(filter(Map.of("customer", ALICE)));
    assertThat(result.delivered()).containsExactly(true, false);
  }

  @Test
  void the_demo_customer_is_inlined_as_a_string_literal_whatever_it_holds() {
    String odd = "demo \"quoted\" \\ back'slash </script> ü 😀";
    Result result = AppSyncResolverHarness.runOne(OrderApi.subscriptionCode(odd),
        new Case(API_KEY, null, Map.of(), List.of(update(odd, "o-1"))));

    assertThat(result.filter()).isEqualTo(filter(Map.of("customer", odd)));
    assertThat(result.delivered()).containsExactly(true);
  }

  @Test
  void publish_order_update_hands_its_input_back_as_the_update() {
    Map<String, Object> input = Map.of("id", "o-1", "customer", ALICE, "change", "CREATED", "status", "PENDING",
        "version", 1);
    Result result = AppSyncResolverHarness.runOne(
        LiveUpdatesTest.resolverCode(Synthesized.production(), OrderApi.PUBLISH_FIELD),
        new Case(IAM, iam(), Map.of("input", input), List.of()));

    assertThat(result.error()).isNull();
    assertThat(result.request()).isEqualTo(Map.of("payload", input));
    assertThat(result.response()).isEqualTo(input);
    assertThat(result.filter()).isNull();
  }
}
