package dev.orderflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.execution.DataFetcherResult;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeRuntimeWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The AppSync schema as graphql-java serves it: AppSync's prelude (its scalars and directives), then the
 * API's schema file exactly as deployed, with every field of the root {@code Query} and {@code Mutation}
 * types resolved by the direct Lambda resolver, and every field of {@code Subscription} by the local live-updates
 * source ({@link OrderUpdatesFetcher}).
 *
 * <p>Authorization directives are applied as AppSync applies them to a caller of the API's default mode, the
 * Cognito user pool, which is what every local caller is: a field's own auth directives replace its type's, a
 * type's apply to its fields without any, and a field with none at either level is open to the default mode. A
 * field whose directives do not name {@code @aws_cognito_user_pools} (or {@code @aws_auth}) — e.g. one marked
 * {@code @aws_iam} only, like {@code publishOrderUpdate} — is refused as AppSync refuses it: {@code null} with an
 * {@code Unauthorized} error {@code Not Authorized to access <field> on type <type>}, its resolver never called.
 * Cognito groups are not checked (local callers have none).
 */
final class AppSyncSchema {
  /** The API's schema on the classpath, shipped by lambda-bootstrap and deployed by the CDK app. */
  static final String SCHEMA = "graphql/schema.graphql";
  static final String PRELUDE = "dev/orderflow/local/appsync-prelude.graphql";
  static final String UNAUTHORIZED = "Unauthorized";
  private static final List<String> RESOLVED_TYPES = List.of("Query", "Mutation");
  private static final String SUBSCRIPTION = "Subscription";
  /** AppSync's authorization directives. */
  private static final Set<String> AUTH_DIRECTIVES =
      Set.of("aws_api_key", "aws_iam", "aws_oidc", "aws_lambda", "aws_cognito_user_pools", "aws_auth");
  /** Those naming the Cognito user pool, the mode of every local caller (and the API's default mode). */
  private static final Set<String> LOCAL_CALLER_DIRECTIVES = Set.of("aws_cognito_user_pools", "aws_auth");

  private AppSyncSchema() {}

  /** The API's schema, {@value #SCHEMA}, without live updates. */
  static GraphQLSchema build(DataFetcher<?> lambdaResolver, ObjectMapper json) {
    return build(resource(SCHEMA), lambdaResolver, OrderUpdatesFetcher.none(), json);
  }

  /** The API's schema, {@value #SCHEMA}, its subscription fields served by {@code subscriptions}. */
  static GraphQLSchema build(DataFetcher<?> lambdaResolver, DataFetcher<?> subscriptions, ObjectMapper json) {
    return build(resource(SCHEMA), lambdaResolver, subscriptions, json);
  }

  /** Any schema written for AppSync, without live updates. */
  static GraphQLSchema build(String schema, DataFetcher<?> lambdaResolver, ObjectMapper json) {
    return build(schema, lambdaResolver, OrderUpdatesFetcher.none(), json);
  }

  /** Any schema written for AppSync. */
  static GraphQLSchema build(String schema, DataFetcher<?> lambdaResolver, DataFetcher<?> subscriptions,
      ObjectMapper json) {
    TypeDefinitionRegistry types = new SchemaParser().parse(resource(PRELUDE));
    types.merge(new SchemaParser().parse(schema));
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
    AppSyncScalars.all(json).forEach(wiring::scalar);
    for (String typeName : RESOLVED_TYPES) {
      wire(types, wiring, typeName, lambdaResolver);
    }
    wire(types, wiring, SUBSCRIPTION, subscriptions);
    return withAuthorization(new SchemaGenerator().makeExecutableSchema(types, wiring.build()));
  }

  private static void wire(TypeDefinitionRegistry types, RuntimeWiring.Builder wiring, String typeName,
      DataFetcher<?> fetcher) {
    ObjectTypeDefinition type = types.getTypeOrNull(typeName, ObjectTypeDefinition.class);
    if (type != null) {
      TypeRuntimeWiring.Builder fields = TypeRuntimeWiring.newTypeWiring(typeName);
      type.getFieldDefinitions().forEach(field -> fields.dataFetcher(field.getName(), fetcher));
      wiring.type(fields);
    }
  }

  /** {@code schema} with every field a local caller may not access answering {@code Unauthorized}. */
  private static GraphQLSchema withAuthorization(GraphQLSchema schema) {
    GraphQLCodeRegistry.Builder registry = GraphQLCodeRegistry.newCodeRegistry(schema.getCodeRegistry());
    boolean changed = false;
    for (GraphQLNamedType named : schema.getAllTypesAsList()) {
      if (!(named instanceof GraphQLObjectType type) || type.getName().startsWith("__")) {
        continue;
      }
      for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
        if (!allowsLocalCaller(type, field)) {
          registry.dataFetcher(FieldCoordinates.coordinates(type, field), unauthorized(type.getName(), field.getName()));
          changed = true;
        }
      }
    }
    if (!changed) {
      return schema;
    }
    GraphQLCodeRegistry authorized = registry.build();
    return schema.transform(builder -> builder.codeRegistry(authorized));
  }

  /** Whether a Cognito user pool caller (every local caller) may access {@code field} of {@code type}. */
  static boolean allowsLocalCaller(GraphQLObjectType type, GraphQLFieldDefinition field) {
    Set<String> modes = authDirectives(field);
    if (modes.isEmpty()) {
      modes = authDirectives(type);
    }
    return modes.isEmpty() || modes.stream().anyMatch(LOCAL_CALLER_DIRECTIVES::contains);
  }

  private static Set<String> authDirectives(GraphQLDirectiveContainer element) {
    Set<String> names = new java.util.HashSet<>();
    element.getAppliedDirectives().forEach(directive -> {
      if (AUTH_DIRECTIVES.contains(directive.getName())) {
        names.add(directive.getName());
      }
    });
    return names;
  }

  private static DataFetcher<Object> unauthorized(String typeName, String fieldName) {
    return (DataFetchingEnvironment environment) -> DataFetcherResult.newResult().data(null)
        .error(new AppSyncError(UNAUTHORIZED, "Not Authorized to access " + fieldName + " on type " + typeName,
            List.of(environment.getField().getSourceLocation()), environment.getExecutionStepInfo().getPath().toList()))
        .build();
  }

  private static String resource(String name) {
    try (InputStream in = AppSyncSchema.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
