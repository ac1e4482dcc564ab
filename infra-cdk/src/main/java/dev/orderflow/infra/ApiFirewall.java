package dev.orderflow.infra;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An AWS WAF v2 web ACL (scope {@code REGIONAL}) in front of the AppSync API (ADR 0014): every request is
 * allowed unless
 * <ol>
 *   <li>its source IP sent more than {@link Props#requestsPerIp()} requests in the last five minutes
 *       ({@value #RATE_PER_IP_RULE}) — requests signed with SigV4 ({@code Authorization: AWS4-HMAC-SHA256 …},
 *       the IAM mode that only the stack's live-update publisher uses) are counted apart, per source IP, against
 *       {@link Props#signedRequestsPerIp()} ({@value #RATE_SIGNED_PER_IP_RULE}): a burst of orders makes
 *       several updates per order from a few Lambda addresses, and a forged signature still meets a limit
 *       (AppSync then refuses it), or</li>
 *   <li>its {@code Authorization} header (one signed-in session's token) did so for
 *       {@link Props#requestsPerCaller()} ({@value #RATE_PER_CALLER_RULE}; requests without the header
 *       are only counted per IP), or</li>
 *   <li>the AWS managed common rule set ({@value #COMMON_RULE_SET}) blocks it.</li>
 * </ol>
 * Rate-limited requests get HTTP 403 until the rate falls below the limit. Every rule emits CloudWatch
 * metrics and sampled requests.
 */
public final class ApiFirewall extends Construct {
  public static final String SCOPE = "REGIONAL";
  public static final String RATE_PER_IP_RULE = "RateLimitPerSourceIp";
  public static final String RATE_SIGNED_PER_IP_RULE = "RateLimitSignedPerSourceIp";
  public static final String RATE_PER_CALLER_RULE = "RateLimitPerAuthorizationHeader";
  /** How a SigV4-signed request's {@code Authorization} header starts. */
  public static final String SIGV4_PREFIX = "AWS4-HMAC-SHA256 ";
  public static final String COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet";
  /** The window rate-based rules count requests over, in seconds. */
  public static final int EVALUATION_WINDOW_SECONDS = 300;

  private final CfnWebACL webAcl;
  private final CfnWebACLAssociation association;

  public ApiFirewall(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    String metricPrefix = props.metricPrefix();
    this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
        .scope(SCOPE)
        .description("Rate limits and AWS common rules in front of the orders GraphQL API")
        .defaultAction(CfnWebACL.DefaultActionProperty.builder()
            .allow(CfnWebACL.AllowActionProperty.builder().build())
            .build())
        .visibilityConfig(visibility(metricPrefix))
        .rules(List.of(
            CfnWebACL.RuleProperty.builder()
                .name(RATE_PER_IP_RULE)
                .priority(0)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder()
                    .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .aggregateKeyType("IP")
                        .limit(props.requestsPerIp())
                        .evaluationWindowSec(EVALUATION_WINDOW_SECONDS)
                        .scopeDownStatement(CfnWebACL.StatementProperty.builder()
                            .notStatement(CfnWebACL.NotStatementProperty.builder().statement(signed()).build())
                            .build())
                        .build())
                    .build())
                .visibilityConfig(visibility(metricPrefix + "-" + RATE_PER_IP_RULE))
                .build(),
            CfnWebACL.RuleProperty.builder()
                .name(RATE_SIGNED_PER_IP_RULE)
                .priority(1)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder()
                    .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .aggregateKeyType("IP")
                        .limit(props.signedRequestsPerIp())
                        .evaluationWindowSec(EVALUATION_WINDOW_SECONDS)
                        .scopeDownStatement(signed())
                        .build())
                    .build())
                .visibilityConfig(visibility(metricPrefix + "-" + RATE_SIGNED_PER_IP_RULE))
                .build(),
            CfnWebACL.RuleProperty.builder()
                .name(RATE_PER_CALLER_RULE)
                .priority(2)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder()
                    .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .aggregateKeyType("CUSTOM_KEYS")
                        .customKeys(List.of(CfnWebACL.RateBasedStatementCustomKeyProperty.builder()
                            .header(CfnWebACL.RateLimitHeaderProperty.builder()
                                .name("authorization")
                                .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder()
                                    .priority(0)
                                    .type("NONE")
                                    .build()))
                                .build())
                            .build()))
                        .limit(props.requestsPerCaller())
                        .evaluationWindowSec(EVALUATION_WINDOW_SECONDS)
                        .build())
                    .build())
                .visibilityConfig(visibility(metricPrefix + "-" + RATE_PER_CALLER_RULE))
                .build(),
            CfnWebACL.RuleProperty.builder()
                .name(COMMON_RULE_SET)
                .priority(3)
                // a rule group's own actions (block) apply: no override
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                    .none(java.util.Map.of())
                    .build())
                .statement(CfnWebACL.StatementProperty.builder()
                    .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                        .vendorName("AWS")
                        .name(COMMON_RULE_SET)
                        .build())
                    .build())
                .visibilityConfig(visibility(metricPrefix + "-" + COMMON_RULE_SET))
                .build()))
        .build();
    this.association = CfnWebACLAssociation.Builder.create(this, "Association")
        .resourceArn(props.resourceArn())
        .webAclArn(webAcl.getAttrArn())
        .build();
  }

  /** Requests whose {@code Authorization} header is a SigV4 signature. */
  private static CfnWebACL.StatementProperty signed() {
    return CfnWebACL.StatementProperty.builder()
        .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
            .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                .singleHeader(java.util.Map.of("Name", "authorization"))
                .build())
            .positionalConstraint("STARTS_WITH")
            .searchString(SIGV4_PREFIX)
            .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder()
                .priority(0)
                .type("NONE")
                .build()))
            .build())
        .build();
  }

  private static CfnWebACL.RuleActionProperty block() {
    return CfnWebACL.RuleActionProperty.builder()
        .block(CfnWebACL.BlockActionProperty.builder().build())
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .sampledRequestsEnabled(true)
        .metricName(metricName)
        .build();
  }

  public CfnWebACL webAcl() {
    return webAcl;
  }

  public CfnWebACLAssociation association() {
    return association;
  }

  /**
   * Properties of {@link ApiFirewall}: {@link #of} gives the default limits.
   *
   * @param resourceArn         the ARN of the protected resource, the AppSync API
   * @param metricPrefix        prefix of the ACL's and rules' CloudWatch metric names
   * @param requestsPerIp       requests one source IP may send per five minutes; default 1000
   * @param requestsPerCaller   requests one Authorization header value may send per five minutes; default 300
   * @param signedRequestsPerIp SigV4-signed requests (the live-update publisher) one source IP may send per five
   *                            minutes; default 1,500,000 (5,000 a second: a burst of 1,000 orders a second makes
   *                            about 4,000 updates a second)
   */
  public record Props(String resourceArn, String metricPrefix, int requestsPerIp, int requestsPerCaller,
      int signedRequestsPerIp) {
    public Props {
      Objects.requireNonNull(resourceArn, "resourceArn is required");
      Objects.requireNonNull(metricPrefix, "metricPrefix");
      checkLimit(requestsPerIp);
      checkLimit(requestsPerCaller);
      checkLimit(signedRequestsPerIp);
    }

    /** The default limits: 1000 requests per IP, 300 per caller, 1,500,000 signed per IP (five minutes). */
    public static Props of(String resourceArn, String metricPrefix) {
      return new Props(resourceArn, metricPrefix, 1000, 300, 1_500_000);
    }

    private static void checkLimit(int limit) {
      if (limit < 10 || limit > 2_000_000_000) {
        throw new IllegalArgumentException("a WAF rate limit must be 10–2,000,000,000, was " + limit);
      }
    }
  }
}
