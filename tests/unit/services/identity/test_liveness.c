/* SPDX-License-Identifier: Apache-2.0 */
/* The liveness rules and the challenge draw (services/identity/liveness.c), on made-up frames. */
#include "../../../../services/identity/liveness.c"

#include "harness.h"

static struct identity_face face(float yaw, float mouth, float shift)
{
    struct identity_face f = {.has_geometry = true};

    for (int i = 0; i < FACE_DESC_LEN; i++)
        f.descriptor[i] = (i % 2 ? 0.05f : -0.05f) + (i == 0 ? shift : 0.0f);
    f.yaw = yaw;
    f.mouth_open = mouth;
    return f;
}

static void test_draw_starts_front_and_has_no_repeats(void)
{
    int seen[ID_ACT_N] = {0};

    for (int round = 0; round < 200; round++) {
        int a[3];

        identity_actions_draw(a, 3);
        CHECK_INT(ID_ACT_FRONT, a[0]);
        CHECK(a[1] != a[2] && a[1] != ID_ACT_FRONT && a[2] != ID_ACT_FRONT);
        seen[a[1]]++;
    }
    CHECK(seen[ID_ACT_LEFT] > 20 && seen[ID_ACT_RIGHT] > 20 && seen[ID_ACT_MOUTH] > 20);
}

static void test_names_round_trip(void)
{
    for (int i = 0; i < ID_ACT_N; i++)
        CHECK_INT(i, identity_action_parse(identity_action_name(i)));
    CHECK_INT(-1, identity_action_parse("turn_up"));
    CHECK_INT(-1, identity_action_parse(NULL));
    CHECK(identity_action_name(ID_ACT_N) == NULL);
}

static void test_genuine_sequence_passes(void)
{
    int actions[4] = {ID_ACT_FRONT, ID_ACT_LEFT, ID_ACT_MOUTH, ID_ACT_RIGHT};
    struct identity_face f[4] = {face(-0.02f, 0.05f, 0), face(0.32f, 0.07f, 0.3f),
                                 face(-0.05f, 0.30f, 0.6f), face(-0.26f, 0.05f, 0.9f)};
    int bad = 7;

    CHECK(identity_liveness_check(actions, f, 4, &bad) == NULL);
    CHECK_INT(-1, bad);
}

static void test_each_action_needs_its_change(void)
{
    int actions[2] = {ID_ACT_FRONT, ID_ACT_LEFT};
    struct identity_face f[2] = {face(0.0f, 0.05f, 0), face(0.18f, 0.05f, 0.3f)};
    int bad = -1;

    CHECK(identity_liveness_check(actions, f, 2, &bad) != NULL); /* 0.18 < 0.20 */
    CHECK_INT(1, bad);
    f[1].yaw = 0.25f;
    CHECK(identity_liveness_check(actions, f, 2, &bad) == NULL);
    actions[1] = ID_ACT_RIGHT; /* the right turn in the wrong direction */
    CHECK(identity_liveness_check(actions, f, 2, &bad) != NULL);
    CHECK_INT(1, bad);
    actions[1] = ID_ACT_MOUTH;
    f[1] = face(0.0f, 0.19f, 0.3f); /* opened by 0.14 only */
    CHECK(identity_liveness_check(actions, f, 2, &bad) != NULL);
    f[1].mouth_open = 0.21f;
    CHECK(identity_liveness_check(actions, f, 2, &bad) == NULL);
}

static void test_front_must_be_frontal(void)
{
    int actions[2] = {ID_ACT_FRONT, ID_ACT_RIGHT};
    struct identity_face f[2] = {face(0.3f, 0.05f, 0), face(0.05f, 0.05f, 0.3f)};
    int bad = -1;

    CHECK(identity_liveness_check(actions, f, 2, &bad) != NULL);
    CHECK_INT(0, bad);
}

static void test_same_picture_refused(void)
{
    int actions[3] = {ID_ACT_FRONT, ID_ACT_LEFT, ID_ACT_RIGHT};
    struct identity_face f[3] = {face(0.0f, 0.05f, 0), face(0.01f, 0.06f, 0.05f),
                                 face(0.02f, 0.05f, 0.1f)};
    int bad = 5;
    const char *why = identity_liveness_check(actions, f, 3, &bad);

    CHECK(why != NULL && strstr(why, "same picture") != NULL);
    CHECK_INT(-1, bad);
    CHECK(identity_liveness_check(actions, f, 1, &bad) != NULL); /* too short */
}

/* Regression (issue 3): a turn photo and the same photo flipped passed as two turns. */
static void test_mirrored_still_refused(void)
{
    int actions[3] = {ID_ACT_FRONT, ID_ACT_LEFT, ID_ACT_RIGHT}, bad;
    struct identity_face f[3] = {face(0.0f, 0.05f, 0), face(0.32f, 0.07f, 0.3f),
                                 face(-0.32f, 0.07f, 0.6f)};

    /* Frame 2 is frame 1 flipped: its descriptor is frame 1's mirror descriptor. */
    memcpy(f[1].mirror, f[2].descriptor, sizeof f[1].mirror);
    f[1].has_mirror = true;
    CHECK(identity_liveness_check(actions, f, 3, &bad) != NULL);
    f[1].has_mirror = false;
    CHECK(identity_liveness_check(actions, f, 3, &bad) == NULL);
}

/* Regression (issue 3): the ID photo re-encoded passed as the face_front frame. */
static void test_reference_photo_as_frame_refused(void)
{
    struct identity_face ref = face(0.01f, 0.05f, 0),
                         f[2] = {face(0.0f, 0.05f, 0.001f), face(0.32f, 0.07f, 0.3f)};
    int bad = -2;

    CHECK(identity_still_check(&ref, f, 2, &bad) != NULL);
    CHECK_INT(0, bad);
    f[0] = face(0.0f, 0.05f, 0.4f);
    CHECK(identity_still_check(&ref, f, 2, &bad) == NULL);
    ref.has_geometry = false; /* a stored reference: the descriptor alone decides */
    f[0] = face(0.0f, 0.05f, 0.02f);
    CHECK(identity_still_check(&ref, f, 2, &bad) != NULL);
}

TH_MAIN(TH_CASE(test_mirrored_still_refused), TH_CASE(test_reference_photo_as_frame_refused),
        TH_CASE(test_draw_starts_front_and_has_no_repeats), TH_CASE(test_names_round_trip),
        TH_CASE(test_genuine_sequence_passes), TH_CASE(test_each_action_needs_its_change),
        TH_CASE(test_front_must_be_frontal), TH_CASE(test_same_picture_refused))
