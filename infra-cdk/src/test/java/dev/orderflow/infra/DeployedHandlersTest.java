package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every handler string the stack deploys names a Lambda handler of lambda-bootstrap's jar, as the Lambda runtime
 * resolves it: {@code <class>::handleRequest}, a public class with a no-argument constructor implementing
 * {@link RequestHandler}.
 */
class DeployedHandlersTest {

  @Test
  void everyDeployedHandlerIsAFunctionOfTheJar() throws ReflectiveOperationException {
    List<String> handlers = new ArrayList<>();
    for (Field field : OrderflowStack.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_HANDLER")) {
        handlers.add((String) field.get(null));
      }
    }

    assertThat(handlers).as("the stack's functions").hasSize(8);
    for (String handler : handlers) {
      assertThat(handler).endsWith("::handleRequest");
      Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
      assertThat(type).as(handler).isAssignableTo(RequestHandler.class);
      assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type).isTrue();
      assertThat(type.getConstructor()).as("%s has a no-argument constructor", type).isNotNull();
    }
  }
}
