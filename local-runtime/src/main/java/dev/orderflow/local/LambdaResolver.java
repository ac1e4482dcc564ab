package dev.orderflow.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.language.AstPrinter;
import graphql.language.Field;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.SelectedField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A field served by an AppSync direct Lambda resolver with the response mapping template
 * {@code graphql/response.vtl}, played locally: builds the resolver event AppSync would send, passes it
 * through JSON as the Lambda runtime would, calls the handler, and maps its answer as the template does —
 * {@code {"error": {errorType, message}}} becomes a GraphQL error of that type, anything else yields
 * {@code data}. A handler that throws is a Lambda error, which response.vtl turns into a generic
 * {@code InternalError} (the cause is logged here, never shown to the client).
 */
final class LambdaResolver implements DataFetcher<Object> {
  /** What response.vtl makes of a Lambda error: the type and message a client sees. */
  static final String INTERNAL_ERROR = "InternalError";
  static final String INTERNAL_ERROR_MESSAGE = "internal error";
  /** The issuer of the Cognito-shaped identities the local runtime makes up. */
  static final String ISSUER = "urn:orderflow:local-user-pool";

  private static final Logger LOG = Logger.getLogger(LambdaResolver.class.getName());
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final RequestHandler<Map<String, Object>, Map<String, Object>> handler;
  private final ObjectMapper json;
  private final Clock clock;

  LambdaResolver(RequestHandler<Map<String, Object>, Map<String, Object>> handler, ObjectMapper json, Clock clock) {
    this.handler = handler;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Object get(DataFetchingEnvironment environment) {
    CallerRequest caller = environment.getGraphQlContext().get(CallerRequest.class);
    Map<String, Object> event = throughJson(event(environment, caller));
    String field = ((GraphQLObjectType) environment.getParentType()).getName() + "." + environment.getField().getName();
    Map<String, Object> result;
    try {
      result = throughJson(handler.handleRequest(event, new LocalLambdaContext(UUID.randomUUID().toString())));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e, () -> "resolver of " + field + " failed (a Lambda error: the client gets InternalError)");
      return error(environment, INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE);
    }
    // response.vtl: $util.error(message, errorType) for an error envelope, else $util.toJson($ctx.result.data)
    if (result != null && result.get("error") instanceof Map<?, ?> error) {
      return error(environment, String.valueOf(error.get("errorType")), String.valueOf(error.get("message")));
    }
    return result == null ? null : result.get("data");
  }

  /** The direct Lambda resolver event AppSync sends for this field, with a Cognito user pool caller. */
  Map<String, Object> event(DataFetchingEnvironment environment, CallerRequest caller) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", caller.customer());
    claims.put("iss", ISSUER);
    claims.put("cognito:username", caller.customer());
    claims.put("token_use", "id");
    claims.put("auth_time", clock.instant().getEpochSecond());
    if (caller.email() != null) {
      // a Cognito ID token carries the address and whether it was verified; AppSync passes both as claims
      claims.put("email", caller.email());
      claims.put("email_verified", true);
    }
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("claims", claims);
    identity.put("defaultAuthStrategy", "ALLOW");
    identity.put("groups", null);
    identity.put("issuer", ISSUER);
    identity.put("sourceIp", List.of(caller.sourceIp()));
    identity.put("sub", caller.customer());
    identity.put("username", caller.customer());

    Map<String, Object> request = new LinkedHashMap<>();
    request.put("headers", caller.headers());
    request.put("domainName", null);

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("fieldName", environment.getField().getName());
    info.put("parentTypeName", ((GraphQLObjectType) environment.getParentType()).getName());
    info.put("variables", environment.getVariables());
    info.put("selectionSetList", selectionSetList(environment));
    info.put("selectionSetGraphQL", selectionSetGraphQL(environment.getField()));

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("arguments", environment.getArguments());
    event.put("identity", identity);
    event.put("source", environment.getSource());
    event.put("request", request);
    event.put("prev", null);
    event.put("info", info);
    event.put("stash", new HashMap<>());
    return event;
  }

  private static List<String> selectionSetList(DataFetchingEnvironment environment) {
    List<String> names = new ArrayList<>();
    for (SelectedField field : environment.getSelectionSet().getFields()) {
      names.add(field.getQualifiedName());
    }
    return names;
  }

  private static String selectionSetGraphQL(Field field) {
    SelectionSet selection = field.getSelectionSet();
    return selection == null ? "" : AstPrinter.printAst(selection);
  }

  /** What crosses the wire between AppSync and Lambda is JSON: maps, lists, strings, numbers, booleans. */
  private Map<String, Object> throughJson(Map<String, Object> value) {
    try {
      return value == null ? null : json.readValue(json.writeValueAsBytes(value), OBJECT);
    } catch (IOException e) {
      throw new UncheckedIOException("not representable as JSON", e);
    }
  }

  private static DataFetcherResult<Object> error(DataFetchingEnvironment environment, String errorType, String message) {
    GraphQLError error = new AppSyncError(errorType, message, List.of(environment.getField().getSourceLocation()),
        environment.getExecutionStepInfo().getPath().toList());
    return DataFetcherResult.newResult().data(null).error(error).build();
  }
}
