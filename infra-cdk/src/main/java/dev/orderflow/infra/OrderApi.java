package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Expiration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.appsync.ApiKeyConfig;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.BaseResolverProps;
import software.amazon.awscdk.services.appsync.Code;
import software.amazon.awscdk.services.appsync.DataSourceOptions;
import software.amazon.awscdk.services.appsync.Definition;
import software.amazon.awscdk.services.appsync.GraphqlApi;
import software.amazon.awscdk.services.appsync.IntrospectionConfig;
import software.amazon.awscdk.services.appsync.LambdaDataSource;
import software.amazon.awscdk.services.appsync.CfnGraphQLApi;
import software.amazon.awscdk.services.appsync.CfnGraphQLSchema;
import software.amazon.awscdk.services.appsync.FunctionRuntime;
import software.amazon.awscdk.services.appsync.MappingTemplate;
import software.amazon.awscdk.services.appsync.NoneDataSource;
import software.amazon.awscdk.services.appsync.UserPoolConfig;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The GraphQL API: AppSync with the schema shared with the local runtime, every field of {@link #FIELDS}
 * resolved directly by the resolver function (no request template; the response template turns the
 * function's error envelope into a GraphQL error with its {@code errorType}). Callers sign in with a Cognito
 * user pool (the default mode), whose {@code sub} is the customer; a dev stage may add an API key acting as
 * one demo customer (see {@link #withApiKey}). Field logs at ERROR without verbose content (no
 * request/response bodies, no customer data).
 *
 * <p>Live updates: IAM is an additional mode, for the stack's publisher function only, which calls
 * {@link #PUBLISH_FIELD} (schema: {@code @aws_iam}; its role may call that one field). That field and the
 * subscription {@link #SUBSCRIPTION_FIELD} are resolved by a NONE data source with APPSYNC_JS code
 * ({@code appsync/publishOrderUpdate.js}, {@code appsync/onOrderUpdated.js} on the classpath): the mutation
 * hands its input back as the update, and the subscription sets an enhanced filter on the caller's own
 * customer (and the order {@code id} if given), from the caller's identity.
 *
 * <p>Abuse limits (ADR 0014): a WAF web ACL ({@link ApiFirewall}) with rate limits per source IP and per
 * Authorization header and AWS's common rule set; at most {@value #QUERY_DEPTH_LIMIT} levels of selection
 * and {@value #RESOLVER_COUNT_LIMIT} resolvers per request; introspection off unless
 * {@link Props#introspection()} (dev stages). The app client signs in with SRP and refreshes tokens; it has
 * no OAuth flows.
 */
public final class OrderApi extends Construct {

  /** One resolved field of the schema. */
  public record Field(String typeName, String fieldName) {
  }

  /** Every field the resolver function answers (see {@code GraphQLResolverHandler}). */
  public static final List<Field> FIELDS = List.of(
      new Field("Query", "order"),
      new Field("Query", "orders"),
      new Field("Mutation", "postOrder"),
      new Field("Mutation", "updateOrder"),
      new Field("Mutation", "deleteOrder"));

  /** The IAM-only mutation the publisher function calls for every change of an order (NONE data source). */
  public static final Field PUBLISH_FIELD = new Field("Mutation", "publishOrderUpdate");
  /** The subscription customers receive their orders' updates on (NONE data source, enhanced filter). */
  public static final Field SUBSCRIPTION_FIELD = new Field("Subscription", "onOrderUpdated");
  /** The APPSYNC_JS code of {@link #PUBLISH_FIELD}'s resolver, on the classpath. */
  public static final String PUBLISH_CODE = "/appsync/publishOrderUpdate.js";
  /** The APPSYNC_JS code of {@link #SUBSCRIPTION_FIELD}'s resolver, on the classpath (see {@link #subscriptionCode}). */
  public static final String SUBSCRIPTION_CODE = "/appsync/onOrderUpdated.js";
  /** The line of {@link #SUBSCRIPTION_CODE} that {@link #subscriptionCode} replaces with the demo customer. */
  static final String DEMO_CUSTOMER_LINE = "const DEMO_CUSTOMER = null;";

  /** What a dev stage adds to every object type of the schema that names no authorization directive. */
  public static final String AUTH_DIRECTIVES_WITH_API_KEY = "@aws_cognito_user_pools @aws_api_key";
  /** What a dev stage adds to an object type that names {@code @aws_cognito_user_pools} but not this. */
  public static final String API_KEY_DIRECTIVE = "@aws_api_key";
  /** An object type's head, "type Name @directives... {": 1 up to the name, 2 its directives (maybe none), 3 the brace. */
  private static final Pattern OBJECT_TYPE = Pattern.compile(
      "(?m)^(\\s*type\\s+[A-Za-z_][A-Za-z0-9_]*)((?:\\s+@[A-Za-z_][A-Za-z0-9_]*(?:\\s*\\([^)]*\\))?)*)(\\s*\\{)");
  private static final Pattern AUTH_DIRECTIVE = Pattern.compile("@aws_(?:cognito_user_pools|api_key|iam|oidc|lambda)\\b");

  private final GraphqlApi api;
  private final UserPool userPool;
  private final UserPoolClient userPoolClient;
  private final LogGroup logGroup;
  private final ApiFirewall firewall;
  private final NoneDataSource updates;

  /**
   * Deepest selection AppSync accepts: the deepest legitimate one, {@code orders { items { id } }}, is 3;
   * deeper requests are rejected before any resolver runs.
   */
  public static final int QUERY_DEPTH_LIMIT = 5;
  /**
   * Most resolvers one request may run. Only root fields have resolvers (one Lambda call each), so this caps
   * how many orders one request can post, read or change.
   */
  public static final int RESOLVER_COUNT_LIMIT = 10;
  /** Actions of the role AppSync writes field logs with (the allow-list LeastPrivilegeTest checks). */
  public static final java.util.Set<String> LOGS_ROLE_ACTIONS = SnapStartFunction.LOG_ACTIONS;
  /** Actions of the resolver data source's role: invoke the resolver alias. */
  public static final java.util.Set<String> DATA_SOURCE_ROLE_ACTIONS = java.util.Set.of("lambda:InvokeFunction");

  public OrderApi(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    requireFile(props.schemaFile(), "GraphQL schema");
    requireFile(props.responseTemplateFile(), "response mapping template");

    this.userPool = UserPool.Builder.create(this, "UserPool")
        .selfSignUpEnabled(false)
        .signInAliases(SignInAliases.builder().email(true).build())
        .passwordPolicy(PasswordPolicy.builder()
            .minLength(12)
            .requireLowercase(true)
            .requireUppercase(true)
            .requireDigits(true)
            .requireSymbols(true)
            .tempPasswordValidity(Duration.days(3))
            .build())
        .accountRecovery(AccountRecovery.EMAIL_ONLY)
        .mfa(props.mfa())
        // TOTP apps only: SMS would need an SNS role and a spending limit
        .mfaSecondFactor(props.mfa() == Mfa.OFF ? null : MfaSecondFactor.builder().otp(true).sms(false).build())
        .removalPolicy(props.userPoolRemovalPolicy())
        .build();
    // SRP and refresh tokens only (Cognito always allows ALLOW_REFRESH_TOKEN_AUTH with explicit flows):
    // no password ever crosses the wire (no USER_PASSWORD_AUTH), and no OAuth flows or callback URLs —
    // there is no hosted UI, and CDK's default would allow the implicit and code grants to example.com
    this.userPoolClient = userPool.addClient("Client", UserPoolClientOptions.builder()
        .authFlows(AuthFlow.builder().userSrp(true).build())
        .disableOAuth(true)
        .generateSecret(false)
        .preventUserExistenceErrors(true)
        .build());

    List<AuthorizationMode> additional = new ArrayList<>();
    // IAM: the publisher function's role may call PUBLISH_FIELD and nothing else (schema: only that field
    // and the OrderUpdate type name @aws_iam; every other type and field is reachable through Cognito only)
    additional.add(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build());
    if (props.apiKey()) {
      additional.add(AuthorizationMode.builder()
          .authorizationType(AuthorizationType.API_KEY)
          .apiKeyConfig(ApiKeyConfig.builder()
              .description("dev stage: every holder acts as the demo customer")
              // AppSync's longest; each deploy moves it a year on
              .expires(Expiration.after(Duration.days(365)))
              .build())
          .build());
    }
    Role logsRole = Role.Builder.create(this, "LogsRole")
        .assumedBy(new ServicePrincipal("appsync.amazonaws.com"))
        .description("Lets AppSync write the API's field logs")
        .build();
    this.api = GraphqlApi.Builder.create(this, "Api")
        .name(Stack.of(this).getStackName() + "-orders")
        .definition(Definition.fromFile(props.schemaFile().toString()))
        .authorizationConfig(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder()
                .authorizationType(AuthorizationType.USER_POOL)
                .userPoolConfig(UserPoolConfig.builder().userPool(userPool).build())
                .build())
            .additionalAuthorizationModes(additional)
            .build())
        .xrayEnabled(true)
        .queryDepthLimit(QUERY_DEPTH_LIMIT)
        .resolverCountLimit(RESOLVER_COUNT_LIMIT)
        .introspectionConfig(props.introspection() ? IntrospectionConfig.ENABLED : IntrospectionConfig.DISABLED)
        .build();
    this.firewall = new ApiFirewall(this, "Firewall",
        ApiFirewall.Props.of(api.getArn(), Stack.of(this).getStackName() + "-api"));
    if (props.apiKey()) {
      // with several authorization modes, a type without directives is reachable through the default
      // mode only: open every type a Cognito caller may reach to API keys too, or API-key callers could
      // reach nothing (and never receive an OrderUpdate)
      CfnGraphQLSchema schema = (CfnGraphQLSchema) api.getNode().findChild("Schema");
      schema.setDefinition(withApiKey(read(props.schemaFile())));
    }
    // Field logs are set on the L1: the L2's logConfig always adds a log-retention custom resource (a
    // Node.js function with a managed-policy role and logs:* on "*") for the group AppSync writes to by
    // name. Creating that group here gives it a retention and deletes it with the stack instead.
    CfnGraphQLApi cfnApi = (CfnGraphQLApi) api.getNode().getDefaultChild();
    cfnApi.setLogConfig(CfnGraphQLApi.LogConfigProperty.builder()
        .fieldLogLevel("ERROR")
        .excludeVerboseContent(true)
        .cloudWatchLogsRoleArn(logsRole.getRoleArn())
        .build());
    this.logGroup = LogGroup.Builder.create(this, "Logs")
        .logGroupName("/aws/appsync/apis/" + api.getApiId())
        .retention(props.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    logGroup.grantWrite(logsRole);

    NagSuppressions.addResourceSuppressions(cfnApi, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-ASC3")
        .reason("Field logging is on (ERROR, with a CloudWatch Logs role); verbose content is excluded on "
            + "purpose: it would log every request and response body, i.e. customers' orders and token claims. "
            + "ASC3 only passes with verbose content included.")
        .build()));
    List<NagPackSuppression> poolSuppressions = new ArrayList<>();
    if (props.mfa() != Mfa.REQUIRED) {
      poolSuppressions.add(NagPackSuppression.builder()
          .id("AwsSolutions-COG2")
          .reason("MFA is a deployment choice (context mfa=off|optional|required, TOTP only; docs/guides/deploying.md): "
              + "off by default so the documented admin-create-user / SRP sign-in works from a script; deploy "
              + "with mfa=required before onboarding real customers.")
          .build());
    }
    poolSuppressions.add(NagPackSuppression.builder()
        .id("AwsSolutions-COG3")
        .reason("Threat protection (AdvancedSecurityMode ENFORCED) needs Cognito's Plus feature plan, "
            + "billed per user; self sign-up is off (admins create users) and passwords need 12 "
            + "characters of four kinds.")
        .build());
    NagSuppressions.addResourceSuppressions(userPool, poolSuppressions);

    LambdaDataSource orders = api.addLambdaDataSource("Resolver", props.resolver());
    MappingTemplate response = MappingTemplate.fromFile(props.responseTemplateFile().toString());
    for (Field field : FIELDS) {
      orders.createResolver(field.typeName() + capitalized(field.fieldName()), BaseResolverProps.builder()
          .typeName(field.typeName())
          .fieldName(field.fieldName())
          .responseMappingTemplate(response)
          .build());
    }

    // live updates: no data source behind them, only AppSync's pub/sub (the publisher's call is the event)
    this.updates = api.addNoneDataSource("Updates", DataSourceOptions.builder()
        .description("Live order updates: publishOrderUpdate (IAM) fans out to onOrderUpdated subscribers")
        .build());
    updates.createResolver(PUBLISH_FIELD.typeName() + capitalized(PUBLISH_FIELD.fieldName()), BaseResolverProps.builder()
        .typeName(PUBLISH_FIELD.typeName())
        .fieldName(PUBLISH_FIELD.fieldName())
        .runtime(FunctionRuntime.JS_1_0_0)
        .code(Code.fromInline(resource(PUBLISH_CODE)))
        .build());
    updates.createResolver(SUBSCRIPTION_FIELD.typeName() + capitalized(SUBSCRIPTION_FIELD.fieldName()),
        BaseResolverProps.builder()
            .typeName(SUBSCRIPTION_FIELD.typeName())
            .fieldName(SUBSCRIPTION_FIELD.fieldName())
            .runtime(FunctionRuntime.JS_1_0_0)
            .code(Code.fromInline(subscriptionCode(props.apiKey() ? props.demoCustomer() : null)))
            .build());
  }

  /**
   * The ARN IAM authorizes a call of one top-level field with:
   * {@code arn:<partition>:appsync:<region>:<account>:apis/<api id>/types/<type>/fields/<field>}.
   */
  public String fieldArn(Field field) {
    return Stack.of(this).formatArn(ArnComponents.builder()
        .service("appsync")
        .resource("apis")
        .resourceName(api.getApiId() + "/types/" + field.typeName() + "/fields/" + field.fieldName())
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
        .build());
  }

  /**
   * {@link #SUBSCRIPTION_CODE} with the customer API-key callers act as inlined ({@code null}: API-key
   * callers are refused, as on every stage without an API key).
   */
  public static String subscriptionCode(String demoCustomer) {
    String code = resource(SUBSCRIPTION_CODE);
    int at = code.indexOf(DEMO_CUSTOMER_LINE);
    if (at < 0 || code.indexOf(DEMO_CUSTOMER_LINE, at + 1) >= 0) {
      throw new IllegalStateException(SUBSCRIPTION_CODE + " must hold the line `" + DEMO_CUSTOMER_LINE + "` once");
    }
    if (demoCustomer == null) {
      return code;
    }
    if (demoCustomer.isBlank()) {
      throw new IllegalArgumentException("demoCustomer must not be blank");
    }
    String literal;
    try {
      // a JSON string is a JavaScript string literal: quotes, backslashes and control characters escaped
      literal = new ObjectMapper().writeValueAsString(demoCustomer);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("demoCustomer cannot be written as a string literal", e);
    }
    return code.substring(0, at) + "const DEMO_CUSTOMER = " + literal + ";"
        + code.substring(at + DEMO_CUSTOMER_LINE.length());
  }

  /** A text resource of this module's classpath (the resolvers' APPSYNC_JS code). */
  static String resource(String name) {
    try (InputStream in = OrderApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath (infra-cdk/src/main/resources)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * The schema of a dev stage, whose API-key callers act as the demo customer: whatever a Cognito caller may
   * reach, they may too. Every object type (declared with {@code type}, not inputs or enums) without an authorization
   * directive gets {@value #AUTH_DIRECTIVES_WITH_API_KEY}; one that names {@code @aws_cognito_user_pools} (such
   * as {@code OrderUpdate @aws_iam @aws_cognito_user_pools}) gets {@value #API_KEY_DIRECTIVE} added; one that
   * names neither (IAM only) stays as it is. Field directives stay as they are: {@code publishOrderUpdate}
   * remains {@code @aws_iam} only, a field directive replacing its type's.
   */
  static String withApiKey(String schema) {
    Matcher m = OBJECT_TYPE.matcher(schema);
    return m.replaceAll(match -> {
      String directives = match.group(2);
      String replacement;
      if (!AUTH_DIRECTIVE.matcher(directives).find()) {
        replacement = match.group(1) + directives + " " + AUTH_DIRECTIVES_WITH_API_KEY + match.group(3);
      } else if (directives.contains("@aws_cognito_user_pools") && !directives.matches("(?s).*@aws_api_key\\b.*")) {
        replacement = match.group(1) + directives + " " + API_KEY_DIRECTIVE + match.group(3);
      } else {
        replacement = match.group();
      }
      return Matcher.quoteReplacement(replacement);
    });
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void requireFile(Path file, String what) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " not found at " + file
          + " (it ships in lambda-bootstrap/src/main/resources/graphql/)");
    }
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  public GraphqlApi api() {
    return api;
  }

  public UserPool userPool() {
    return userPool;
  }

  public UserPoolClient userPoolClient() {
    return userPoolClient;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public ApiFirewall firewall() {
    return firewall;
  }

  /** The NONE data source of {@link #PUBLISH_FIELD} and {@link #SUBSCRIPTION_FIELD}. */
  public NoneDataSource updates() {
    return updates;
  }

  /**
   * Properties of {@link OrderApi}: {@link #of} gives the defaults, a production API.
   *
   * @param resolver              the resolver function's alias
   * @param schemaFile            {@code schema.graphql}
   * @param responseTemplateFile  {@code response.vtl}, attached to every resolver
   * @param apiKey                adds API-key authorization (dev stages only: every key holder acts as the one demo
   *                              customer); default false
   * @param demoCustomer          the customer API-key callers act as (the resolver function's {@code DEMO_CUSTOMER}):
   *                              their onOrderUpdated subscriptions receive this customer's updates. Used only with
   *                              {@code apiKey}; default none (null): API-key callers cannot subscribe
   * @param introspection         answers GraphQL introspection queries (dev stages: tools read the schema from the
   *                              API). Production does not: the schema is not handed to anonymous scanners, and
   *                              clients ship it. Default false
   * @param mfa                   multi-factor sign-in of the user pool, with a TOTP app as second factor; default
   *                              {@link Mfa#OFF}
   * @param userPoolRemovalPolicy the user pool holds the identities the orders belong to (their {@code sub} is the
   *                              customer); default {@link RemovalPolicy#RETAIN}, like the orders table
   * @param logRetention          retention of the API's field logs; default {@link RetentionDays#ONE_MONTH}
   */
  public record Props(IFunction resolver, Path schemaFile, Path responseTemplateFile, boolean apiKey,
      String demoCustomer, boolean introspection, Mfa mfa, RemovalPolicy userPoolRemovalPolicy,
      RetentionDays logRetention) {
    public Props {
      Objects.requireNonNull(resolver, "resolver is required");
      Objects.requireNonNull(schemaFile, "schemaFile is required");
      Objects.requireNonNull(responseTemplateFile, "responseTemplateFile is required");
      Objects.requireNonNull(mfa, "mfa");
      Objects.requireNonNull(userPoolRemovalPolicy, "userPoolRemovalPolicy");
      Objects.requireNonNull(logRetention, "logRetention");
    }

    /** Cognito only, no introspection, MFA off, the user pool retained, a month of field logs. */
    public static Props of(IFunction resolver, Path schemaFile, Path responseTemplateFile) {
      return new Props(resolver, schemaFile, responseTemplateFile, false, null, false, Mfa.OFF, RemovalPolicy.RETAIN,
          RetentionDays.ONE_MONTH);
    }

    public Props withApiKey(boolean apiKey, String demoCustomer) {
      return new Props(resolver, schemaFile, responseTemplateFile, apiKey, demoCustomer, introspection, mfa,
          userPoolRemovalPolicy, logRetention);
    }

    public Props withIntrospection(boolean introspection) {
      return new Props(resolver, schemaFile, responseTemplateFile, apiKey, demoCustomer, introspection, mfa,
          userPoolRemovalPolicy, logRetention);
    }

    public Props withMfa(Mfa mfa) {
      return new Props(resolver, schemaFile, responseTemplateFile, apiKey, demoCustomer, introspection, mfa,
          userPoolRemovalPolicy, logRetention);
    }

    public Props withUserPoolRemovalPolicy(RemovalPolicy userPoolRemovalPolicy) {
      return new Props(resolver, schemaFile, responseTemplateFile, apiKey, demoCustomer, introspection, mfa,
          userPoolRemovalPolicy, logRetention);
    }
  }
}
