package dev.orderflow.lambda.support;

import com.amazonaws.services.lambda.runtime.Context;

/** One line to the function's log: the invocation's logger on Lambda, standard error elsewhere. */
public final class Log {
  private Log() {}

  public static void warn(Context context, String message) {
    if (context != null && context.getLogger() != null) {
      context.getLogger().log("WARN " + message + "\n");
    } else {
      System.err.println("WARN " + message);
    }
  }
}
