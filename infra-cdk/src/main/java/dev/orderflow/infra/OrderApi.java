package dev.orderflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Expiration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.appsync.ApiKeyConfig;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.BaseResolverProps;
import software.amazon.awscdk.services.appsync.Definition;
import software.amazon.awscdk.services.appsync.GraphqlApi;
import software.amazon.awscdk.services.appsync.IntrospectionConfig;
import software.amazon.awscdk.services.appsync.LambdaDataSource;
import software.amazon.awscdk.services.appsync.CfnGraphQLApi;
import software.amazon.awscdk.services.appsync.CfnGraphQLSchema;
import software.amazon.awscdk.services.appsync.MappingTemplate;
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
 * The GraphQL API: AppSync with the schema shared with the local runtime, every field resolved directly
 * by the resolver function (no request template; the response template turns the function's error
 * envelope into a GraphQL error with its {@code errorType}). Callers sign in with a Cognito user pool,
 * whose {@code sub} is the customer; a dev stage may add an API key acting as one demo customer (its
 * schema then names both modes on every object type: {@value #AUTH_DIRECTIVES_WITH_API_KEY}).
 * Field logs at ERROR without verbose content (no request/response bodies, no customer data).
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

  /** What a dev stage adds to every object type of the schema. */
  public static final String AUTH_DIRECTIVES_WITH_API_KEY = "@aws_cognito_user_pools @aws_api_key";
  private static final Pattern OBJECT_TYPE = Pattern.compile("(?m)^(\\s*type\\s+[A-Za-z_][A-Za-z0-9_]*)(\\s*\\{)");

  private final GraphqlApi api;
  private final UserPool userPool;
  private final UserPoolClient userPoolClient;
  private final LogGroup logGroup;
  private final ApiFirewall firewall;

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
    this.firewall = new ApiFirewall(this, "Firewall", ApiFirewall.Props.builder()
        .resourceArn(api.getArn())
        .metricPrefix(Stack.of(this).getStackName() + "-api")
        .build());
    if (props.apiKey()) {
      // with several authorization modes, a type without directives is reachable through the default
      // mode only: name both modes on every object type, or API-key callers could reach nothing
      CfnGraphQLSchema schema = (CfnGraphQLSchema) api.getNode().findChild("Schema");
      schema.setDefinition(withDirectives(read(props.schemaFile()), AUTH_DIRECTIVES_WITH_API_KEY));
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
  }

  /** The schema with {@code directives} added to every object type ({@code type X {}), not to inputs or enums. */
  static String withDirectives(String schema, String directives) {
    return OBJECT_TYPE.matcher(schema).replaceAll("$1 " + directives + "$2");
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

  /** Properties of {@link OrderApi}. */
  public static final class Props {
    private final IFunction resolver;
    private final Path schemaFile;
    private final Path responseTemplateFile;
    private final boolean apiKey;
    private final boolean introspection;
    private final Mfa mfa;
    private final RemovalPolicy userPoolRemovalPolicy;
    private final RetentionDays logRetention;

    private Props(Builder b) {
      this.resolver = Objects.requireNonNull(b.resolver, "resolver is required");
      this.schemaFile = Objects.requireNonNull(b.schemaFile, "schemaFile is required");
      this.responseTemplateFile = Objects.requireNonNull(b.responseTemplateFile, "responseTemplateFile is required");
      this.apiKey = b.apiKey;
      this.introspection = b.introspection;
      this.mfa = b.mfa;
      this.userPoolRemovalPolicy = b.userPoolRemovalPolicy;
      this.logRetention = b.logRetention;
    }

    public static Builder builder() {
      return new Builder();
    }

    public IFunction resolver() {
      return resolver;
    }

    public Path schemaFile() {
      return schemaFile;
    }

    public Path responseTemplateFile() {
      return responseTemplateFile;
    }

    public boolean apiKey() {
      return apiKey;
    }

    public boolean introspection() {
      return introspection;
    }

    public Mfa mfa() {
      return mfa;
    }

    public RemovalPolicy userPoolRemovalPolicy() {
      return userPoolRemovalPolicy;
    }

    public RetentionDays logRetention() {
      return logRetention;
    }

    /** Builder of {@link Props}. */
    public static final class Builder {
      private IFunction resolver;
      private Path schemaFile;
      private Path responseTemplateFile;
      private boolean apiKey;
      private boolean introspection;
      private Mfa mfa = Mfa.OFF;
      private RemovalPolicy userPoolRemovalPolicy = RemovalPolicy.RETAIN;
      private RetentionDays logRetention = RetentionDays.ONE_MONTH;

      private Builder() {
      }

      /** The resolver function's alias (required). */
      public Builder resolver(IFunction resolver) {
        this.resolver = resolver;
        return this;
      }

      /** {@code schema.graphql} (required). */
      public Builder schemaFile(Path schemaFile) {
        this.schemaFile = schemaFile;
        return this;
      }

      /** {@code response.vtl}, attached to every resolver (required). */
      public Builder responseTemplateFile(Path responseTemplateFile) {
        this.responseTemplateFile = responseTemplateFile;
        return this;
      }

      /**
       * Adds API-key authorization (dev stages only: every key holder acts as the one demo customer).
       *
       * @default false
       */
      public Builder apiKey(boolean apiKey) {
        this.apiKey = apiKey;
        return this;
      }

      /**
       * Answers GraphQL introspection queries (dev stages: tools read the schema from the API). Production
       * does not: the schema is not handed to anonymous scanners, and clients ship it.
       *
       * @default false
       */
      public Builder introspection(boolean introspection) {
        this.introspection = introspection;
        return this;
      }

      /**
       * Multi-factor sign-in of the user pool, with a TOTP app as second factor.
       *
       * @default {@link Mfa#OFF}
       */
      public Builder mfa(Mfa mfa) {
        this.mfa = Objects.requireNonNull(mfa, "mfa");
        return this;
      }

      /**
       * The user pool holds the identities the orders belong to (their {@code sub} is the customer).
       *
       * @default {@link RemovalPolicy#RETAIN}, like the orders table
       */
      public Builder userPoolRemovalPolicy(RemovalPolicy userPoolRemovalPolicy) {
        this.userPoolRemovalPolicy = Objects.requireNonNull(userPoolRemovalPolicy, "userPoolRemovalPolicy");
        return this;
      }

      /** Retention of the API's field logs. @default {@link RetentionDays#ONE_MONTH} */
      public Builder logRetention(RetentionDays logRetention) {
        this.logRetention = Objects.requireNonNull(logRetention, "logRetention");
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
