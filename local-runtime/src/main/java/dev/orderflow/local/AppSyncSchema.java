package dev.orderflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.DataFetcher;
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

/**
 * The AppSync schema as graphql-java serves it: AppSync's prelude (its scalars and directives), then the
 * API's schema file exactly as deployed, with every field of the root {@code Query} and {@code Mutation}
 * types resolved by the direct Lambda resolver.
 */
final class AppSyncSchema {
  /** The API's schema on the classpath, shipped by lambda-bootstrap and deployed by the CDK app. */
  static final String SCHEMA = "graphql/schema.graphql";
  static final String PRELUDE = "dev/orderflow/local/appsync-prelude.graphql";
  private static final List<String> RESOLVED_TYPES = List.of("Query", "Mutation");

  private AppSyncSchema() {}

  /** The API's schema, {@value #SCHEMA}. */
  static GraphQLSchema build(DataFetcher<?> lambdaResolver, ObjectMapper json) {
    return build(resource(SCHEMA), lambdaResolver, json);
  }

  /** Any schema written for AppSync. */
  static GraphQLSchema build(String schema, DataFetcher<?> lambdaResolver, ObjectMapper json) {
    TypeDefinitionRegistry types = new SchemaParser().parse(resource(PRELUDE));
    types.merge(new SchemaParser().parse(schema));
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
    AppSyncScalars.all(json).forEach(wiring::scalar);
    for (String typeName : RESOLVED_TYPES) {
      types.getType(typeName, ObjectTypeDefinition.class).ifPresent(type -> {
        TypeRuntimeWiring.Builder fields = TypeRuntimeWiring.newTypeWiring(typeName);
        type.getFieldDefinitions().forEach(field -> fields.dataFetcher(field.getName(), lambdaResolver));
        wiring.type(fields);
      });
    }
    return new SchemaGenerator().makeExecutableSchema(types, wiring.build());
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
