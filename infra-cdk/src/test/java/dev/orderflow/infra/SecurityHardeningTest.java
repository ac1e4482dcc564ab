package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.Mfa;

/** ADR 0014: abuse limits in front of the API, the app client's flows, logs without customer data. */
class SecurityHardeningTest {
  private final Template template = Synthesized.production().template;
  private final TemplateJson json = new TemplateJson(template.toJSON());

  @Test
  void a_regional_web_acl_rate_limits_per_source_ip_and_per_authorization_header_and_runs_the_common_rules() {
    template.resourceCountIs("AWS::WAFv2::WebACL", 1);
    Map<String, Object> acl = TemplateJson.properties(json.ofType("AWS::WAFv2::WebACL").values().iterator().next());
    assertThat(acl.get("Scope")).isEqualTo("REGIONAL");
    assertThat(acl.get("DefaultAction")).isEqualTo(Map.of("Allow", Map.of()));
    List<Map<String, Object>> rules = TemplateJson.list(acl.get("Rules")).stream()
        .map(r -> TemplateJson.<Object>map(r)).toList();
    assertThat(rules).extracting(r -> r.get("Name")).containsExactly(
        ApiFirewall.RATE_PER_IP_RULE, ApiFirewall.RATE_SIGNED_PER_IP_RULE, ApiFirewall.RATE_PER_CALLER_RULE,
        ApiFirewall.COMMON_RULE_SET);
    assertThat(rules).extracting(r -> r.get("Priority")).doesNotHaveDuplicates();

    Map<String, Object> signed = Map.of("ByteMatchStatement", Map.of(
        "FieldToMatch", Map.of("SingleHeader", Map.of("Name", "authorization")),
        "PositionalConstraint", "STARTS_WITH",
        "SearchString", "AWS4-HMAC-SHA256 ",
        "TextTransformations", List.of(Map.of("Priority", 0, "Type", "NONE"))));
    assertThat(rules.get(0).get("Action")).isEqualTo(Map.of("Block", Map.of()));
    assertThat(rules.get(0).get("Statement")).isEqualTo(Map.of("RateBasedStatement", Map.of(
        "AggregateKeyType", "IP", "Limit", 1000, "EvaluationWindowSec", 300,
        "ScopeDownStatement", Map.of("NotStatement", Map.of("Statement", signed)))));

    // the live-update publisher's signed requests: counted apart, with a limit a burst of orders stays under
    assertThat(rules.get(1).get("Action")).isEqualTo(Map.of("Block", Map.of()));
    assertThat(rules.get(1).get("Statement")).isEqualTo(Map.of("RateBasedStatement", Map.of(
        "AggregateKeyType", "IP", "Limit", 1_500_000, "EvaluationWindowSec", 300, "ScopeDownStatement", signed)));

    assertThat(rules.get(2).get("Action")).isEqualTo(Map.of("Block", Map.of()));
    assertThat(rules.get(2).get("Statement")).isEqualTo(Map.of("RateBasedStatement", Map.of(
        "AggregateKeyType", "CUSTOM_KEYS",
        "CustomKeys", List.of(Map.of("Header", Map.of("Name", "authorization",
            "TextTransformations", List.of(Map.of("Priority", 0, "Type", "NONE"))))),
        "Limit", 300, "EvaluationWindowSec", 300)));

    assertThat(rules.get(3).get("OverrideAction")).isEqualTo(Map.of("None", Map.of()));
    assertThat(rules.get(3).get("Statement")).isEqualTo(Map.of("ManagedRuleGroupStatement", Map.of(
        "VendorName", "AWS", "Name", "AWSManagedRulesCommonRuleSet")));
    for (Map<String, Object> visible : List.of(acl, rules.get(0), rules.get(1), rules.get(2), rules.get(3))) {
      assertThat(TemplateJson.<Object>map(visible.get("VisibilityConfig")))
          .containsEntry("CloudWatchMetricsEnabled", true).containsEntry("SampledRequestsEnabled", true);
    }
  }

  @Test
  void the_web_acl_is_associated_with_the_graphql_api() {
    String apiId = json.ofType("AWS::AppSync::GraphQLApi").keySet().iterator().next();
    String aclId = json.ofType("AWS::WAFv2::WebACL").keySet().iterator().next();
    template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
    template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
        "ResourceArn", Map.of("Fn::GetAtt", List.of(apiId, "Arn")),
        "WebACLArn", Map.of("Fn::GetAtt", List.of(aclId, "Arn"))));
  }

  @Test
  void the_api_limits_query_depth_and_resolver_count_and_hides_its_schema_in_production() {
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "QueryDepthLimit", OrderApi.QUERY_DEPTH_LIMIT,
        "ResolverCountLimit", OrderApi.RESOLVER_COUNT_LIMIT,
        "IntrospectionConfig", "DISABLED"));
    assertThat(OrderApi.QUERY_DEPTH_LIMIT).isBetween(3, 10);
    assertThat(OrderApi.RESOLVER_COUNT_LIMIT).isBetween(1, 20);
  }

  @Test
  void a_dev_stage_keeps_the_limits_and_answers_introspection() {
    Synthesized.devStage().template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "QueryDepthLimit", OrderApi.QUERY_DEPTH_LIMIT,
        "ResolverCountLimit", OrderApi.RESOLVER_COUNT_LIMIT,
        "IntrospectionConfig", "ENABLED"));
    Synthesized.devStage().template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
  }

  @Test
  void the_app_client_signs_in_with_srp_and_refresh_tokens_only_and_has_no_oauth() {
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    Map<String, Object> client = TemplateJson.properties(
        json.ofType("AWS::Cognito::UserPoolClient").values().iterator().next());
    assertThat(TemplateJson.list(client.get("ExplicitAuthFlows")))
        .containsExactlyInAnyOrder("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
    assertThat(client.get("AllowedOAuthFlowsUserPoolClient")).isIn(null, false);
    assertThat(client).doesNotContainKeys("AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs");
    assertThat(client.get("GenerateSecret")).isEqualTo(false);
    assertThat(client.get("PreventUserExistenceErrors")).isEqualTo("ENABLED");
    assertThat(json.json.toString()).doesNotContain("example.com");
  }

  @Test
  void mfa_is_a_deployment_choice_off_by_default_and_totp_only() {
    template.hasResourceProperties("AWS::Cognito::UserPool", Map.of("MfaConfiguration", "OFF"));
    assertThat(OrderflowApp.mfa("Required")).isEqualTo(Mfa.REQUIRED);
    assertThat(OrderflowApp.mfa("optional")).isEqualTo(Mfa.OPTIONAL);
    assertThatThrownBy(() -> OrderflowApp.mfa("sms")).isInstanceOf(IllegalArgumentException.class);

    App app = new App();
    OrderflowApp.checkWithNag(app);
    OrderflowStack stack = new OrderflowStack(app, "Orderflow", OrderflowStack.Props.defaults(
        Synthesized.placeholderCode(), Synthesized.SCHEMA, Synthesized.RESPONSE_TEMPLATE).withMfa(Mfa.REQUIRED));
    Template required = Template.fromStack(stack);
    required.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
        "MfaConfiguration", "ON", "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA")));
    // with MFA required, COG2 passes without its suppression
    assertThat(required.toJSON().toString()).doesNotContain("AwsSolutions-COG2");
    assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void the_state_machine_logs_errors_only_without_execution_data() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ERROR", "IncludeExecutionData", false))));
  }
}
