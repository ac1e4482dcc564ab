package dev.orderflow.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/** The Lambda context of one local invocation: a request id, generous limits, and a logger onto SLF4J. */
record LocalLambdaContext(String awsRequestId) implements Context {
  static final String FUNCTION_NAME = "orderflow-local-graphql-resolver";
  private static final Logger LOG = Logger.getLogger(ConsoleLog.ROOT + ".lambda");
  private static final LambdaLogger LAMBDA_LOGGER = new LambdaLogger() {
    @Override
    public void log(String message) {
      LOG.info(message.strip());
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  };

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getLogGroupName() {
    return "/local/" + FUNCTION_NAME;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return FUNCTION_NAME;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + FUNCTION_NAME;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 30_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return LAMBDA_LOGGER;
  }
}
