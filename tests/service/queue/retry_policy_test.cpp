#include "adapter/service/queue/retry_policy.hpp"

#include <gtest/gtest.h>

using namespace sarcoma::service;

TEST(RetryPolicy, ClassifiesHttpStatuses) {
  EXPECT_EQ(classify_http_status(0), FailureKind::transient);  // no response
  EXPECT_EQ(classify_http_status(408), FailureKind::transient);
  EXPECT_EQ(classify_http_status(429), FailureKind::transient);
  EXPECT_EQ(classify_http_status(500), FailureKind::transient);
  EXPECT_EQ(classify_http_status(503), FailureKind::transient);
  EXPECT_EQ(classify_http_status(400), FailureKind::permanent);
  EXPECT_EQ(classify_http_status(404), FailureKind::permanent);
  EXPECT_EQ(classify_http_status(412), FailureKind::permanent);
  EXPECT_EQ(classify_http_status(422), FailureKind::permanent);
}

TEST(RetryPolicy, PermanentFailureDeadLettersAtOnce) {
  RetryPolicy p;
  EXPECT_TRUE(decide_retry(p, FailureKind::permanent, 1, 0.5).dead_letter);
}

TEST(RetryPolicy, ExponentialWithoutJitterAtMidpoint) {
  RetryPolicy p;
  p.base_delay_ms = 1000;
  p.max_delay_ms = 60'000;
  p.jitter = 0.2;
  // uniform01 = 0.5 means no jitter.
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 1, 0.5).delay_ms, 1000);
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 2, 0.5).delay_ms, 2000);
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 3, 0.5).delay_ms, 4000);
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 7, 0.5).delay_ms, 60'000);  // capped
}

TEST(RetryPolicy, JitterStaysWithinBounds) {
  RetryPolicy p;
  p.base_delay_ms = 1000;
  p.jitter = 0.2;
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 1, 0.0).delay_ms, 800);
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 1, 0.999999).delay_ms, 1199);
}

TEST(RetryPolicy, GivesUpAfterMaxAttempts) {
  RetryPolicy p;
  p.max_attempts = 3;
  EXPECT_FALSE(decide_retry(p, FailureKind::transient, 2, 0.5).dead_letter);
  EXPECT_TRUE(decide_retry(p, FailureKind::transient, 3, 0.5).dead_letter);
}

TEST(RetryPolicy, HonoursRetryAfterButNotBeyondTheCap) {
  RetryPolicy p;
  p.base_delay_ms = 1000;
  p.max_delay_ms = 60'000;
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 1, 0.5, 30'000).delay_ms, 30'000);
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 1, 0.5, 3'600'000).delay_ms, 60'000);
  // A Retry-After shorter than our own backoff does not shorten it.
  EXPECT_EQ(decide_retry(p, FailureKind::transient, 3, 0.5, 10).delay_ms, 4000);
}
