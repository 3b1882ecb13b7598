/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The liveness rules: pure functions over measured frames, no I/O. A challenge is face_front
 * followed by distinct other actions in random order. Frame 0 (face_front) is the reference;
 * every later frame must show its action as a large change from it:
 *   turn_left   the person turns to their own left: in the (unmirrored) camera image the nose
 *               moves to the right, yaw rises by >= YAW_DELTA and ends >= YAW_MIN
 *   turn_right  the mirror of turn_left (yaw falls)
 *   open_mouth  mouth_open rises by >= MOUTH_DELTA and ends >= MOUTH_MIN
 * Two frames that are the same picture (descriptor and geometry within SAME_*), or one the other
 * flipped left to right (a still photo and its mirror pass for a left and a right turn), are
 * refused; so is a frame that is the reference photo itself.
 */
#include "identity.h"

#include <math.h>
#include <string.h>

#define FRONT_YAW_MAX 0.15f
#define YAW_DELTA 0.20f
#define YAW_MIN 0.15f
#define MOUTH_DELTA 0.15f
#define MOUTH_MIN 0.20f
#define SAME_DIST 0.15f
#define SAME_GEOM 0.04f
#define SAME_REF_DIST 0.10f /* a frame this close to a stored reference is that photo again */

static const char *const action_names[ID_ACT_N] = {"face_front", "turn_left", "turn_right",
                                                   "open_mouth"};

const char *identity_action_name(int action)
{
    return action >= 0 && action < ID_ACT_N ? action_names[action] : NULL;
}

int identity_action_parse(const char *name)
{
    for (int i = 0; name && i < ID_ACT_N; i++)
        if (strcmp(name, action_names[i]) == 0)
            return i;
    return -1;
}

void identity_actions_draw(int *out, int n)
{
    int pool[ID_ACT_N - 1] = {ID_ACT_LEFT, ID_ACT_RIGHT, ID_ACT_MOUTH};

    for (int i = ID_ACT_N - 2; i > 0; i--) { /* Fisher-Yates */
        int j = (int)randombytes_uniform((uint32_t)i + 1), t = pool[i];

        pool[i] = pool[j];
        pool[j] = t;
    }
    out[0] = ID_ACT_FRONT;
    for (int i = 1; i < n && i < ID_ACT_N; i++)
        out[i] = pool[i - 1];
}

static bool shows_action(int action, const struct identity_face *ref, const struct identity_face *f)
{
    switch (action) {
    case ID_ACT_FRONT:
        return fabsf(f->yaw) <= FRONT_YAW_MAX;
    case ID_ACT_LEFT:
        return f->yaw - ref->yaw >= YAW_DELTA && f->yaw >= YAW_MIN;
    case ID_ACT_RIGHT:
        return ref->yaw - f->yaw >= YAW_DELTA && f->yaw <= -YAW_MIN;
    case ID_ACT_MOUTH:
        return f->mouth_open - ref->mouth_open >= MOUTH_DELTA && f->mouth_open >= MOUTH_MIN;
    default:
        return false;
    }
}

static bool same_picture(const struct identity_face *a, const struct identity_face *b)
{
    return face_distance(a->descriptor, b->descriptor) < SAME_DIST &&
           fabsf(a->yaw - b->yaw) < SAME_GEOM && fabsf(a->mouth_open - b->mouth_open) < SAME_GEOM;
}

/* b is a, flipped left to right: the same descriptor as a's mirror, the yaw turned round. */
static bool is_mirror_of(const struct identity_face *a, const struct identity_face *b)
{
    return a->has_mirror && face_distance(a->mirror, b->descriptor) < SAME_DIST &&
           fabsf(-a->yaw - b->yaw) < SAME_GEOM && fabsf(a->mouth_open - b->mouth_open) < SAME_GEOM;
}

static bool is_same_or_mirror(const struct identity_face *a, const struct identity_face *b)
{
    return same_picture(a, b) || is_mirror_of(a, b) || is_mirror_of(b, a);
}

const char *identity_still_check(const struct identity_face *ref,
                                 const struct identity_face *frames, int n, int *out_frame)
{
    for (int i = 0; i < n; i++) {
        bool is_still = ref->has_geometry
                            ? is_same_or_mirror(ref, &frames[i])
                            : face_distance(ref->descriptor, frames[i].descriptor) < SAME_REF_DIST;

        if (is_still) {
            *out_frame = i;
            return "a frame is the reference photo itself, not a live picture";
        }
    }
    *out_frame = -1;
    return NULL;
}

const char *identity_liveness_check(const int *actions, const struct identity_face *frames, int n,
                                    int *out_frame)
{
    *out_frame = -1;
    if (n < 2 || actions[0] != ID_ACT_FRONT)
        return "a challenge starts with face_front and has at least two actions";
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (is_same_or_mirror(&frames[i], &frames[j]))
                return "two frames are the same picture, or one is the other mirrored";
    for (int i = 0; i < n; i++)
        if (!shows_action(actions[i], &frames[0], &frames[i])) {
            *out_frame = i;
            return "the frame does not show its action";
        }
    return NULL;
}
