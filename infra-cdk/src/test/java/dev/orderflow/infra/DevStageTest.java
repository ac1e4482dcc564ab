package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code devStage=true} adds an API key acting as the demo customer; production has neither. */
class DevStageTest {

  @Test
  void a_dev_stage_adds_api_key_auth_beside_the_user_pool_and_names_the_demo_customer() {
    Template template = Synthesized.devStage().template;
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AMAZON_COGNITO_USER_POOLS",
        "AdditionalAuthenticationProviders", List.of(
            Map.of("AuthenticationType", "AWS_IAM"), Map.of("AuthenticationType", "API_KEY"))));
    template.resourceCountIs("AWS::AppSync::ApiKey", 1);
    template.hasResourceProperties("AWS::AppSync::ApiKey", Map.of("Expires", Match.anyValue()));
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", OrderflowStack.RESOLVER_HANDLER,
        "Environment", Map.of("Variables", Match.objectLike(Map.of("DEMO_CUSTOMER", "demo-customer")))));
  }

  @Test
  void a_dev_stage_schema_opens_every_object_type_a_cognito_caller_reaches_to_api_keys_and_changes_nothing_else()
      throws Exception {
    TemplateJson json = new TemplateJson(Synthesized.devStage().template.toJSON());
    Map<String, Map<String, Object>> schemas = json.ofType("AWS::AppSync::GraphQLSchema");
    assertThat(schemas).hasSize(1);
    String definition = (String) TemplateJson.properties(schemas.values().iterator().next()).get("Definition");
    String both = OrderApi.AUTH_DIRECTIVES_WITH_API_KEY;
    assertThat(definition).contains("type Query " + both + " {", "type Mutation " + both + " {",
        "type Order " + both + " {", "type OrderConnection " + both + " {", "type Subscription " + both + " {",
        // a type that names its modes gets the API key added (an API-key subscriber receives updates)
        "type OrderUpdate @aws_iam @aws_cognito_user_pools @aws_api_key {");
    assertThat(definition).doesNotContain("input PostOrderInput " + both, "enum OrderStatus " + both,
        "input OrderUpdateInput @", "enum OrderChangeKind @");
    // a field directive replaces its type's: publishing stays IAM only
    assertThat(definition).contains("  publishOrderUpdate(input: OrderUpdateInput!): OrderUpdate @aws_iam\n");
    String original = Files.readString(Synthesized.SCHEMA);
    assertThat(definition.replaceAll("(type \\w+) " + both, "$1").replace(" " + OrderApi.API_KEY_DIRECTIVE + " {", " {"))
        .isEqualTo(original);
  }

  @Test
  void production_has_no_api_key_and_no_demo_customer() {
    Template template = Synthesized.production().template;
    template.resourceCountIs("AWS::AppSync::ApiKey", 0);
    TemplateJson json = new TemplateJson(template.toJSON());
    json.ofType("AWS::Lambda::Function").values().forEach(fn ->
        assertThat(String.valueOf(TemplateJson.properties(fn).get("Environment"))).doesNotContain("DEMO_CUSTOMER"));
  }
}
