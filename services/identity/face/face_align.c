/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Geometry on landmarks: the similarity transform that maps the 68 points onto the canonical
 * 150x150 chip, the resampling that cuts the chip out, the plausibility check and the liveness
 * measures (head yaw, mouth opening).
 *
 * Design: the canonical positions below were measured, not copied: they are the mean landmarks
 * this engine finds on the 55 aligned dlib chips of the johns test set (see README.md,
 * "Calibration"). Fitting a new face to them reproduces the chip framing the recognition
 * network was trained on. The jaw line (points 0-16) is left out of the fit because its
 * position along the cheek varies with pose far more than the eyes, nose and mouth do.
 */
#include "face_internal.h"

#include <math.h>

#include "face_template.h"

/* Adds w times pixel (x, y) to acc; pixels outside the image are black. */
static void add_pixel(const struct face_image *img, int x, int y, float w, float *acc)
{
    const unsigned char *p;

    if (x < 0 || y < 0 || x >= img->width || y >= img->height)
        return;
    p = img->rgb + ((size_t)y * img->width + x) * 3;
    acc[0] += w * p[0];
    acc[1] += w * p[1];
    acc[2] += w * p[2];
}

/* One bilinear tap of all three channels, added to acc. */
static void tap(const struct face_image *img, float x, float y, float *acc)
{
    float fx = floorf(x), fy = floorf(y);
    int x0 = (int)fx, y0 = (int)fy;
    float wx = x - fx, wy = y - fy;

    add_pixel(img, x0, y0, (1 - wx) * (1 - wy), acc);
    add_pixel(img, x0 + 1, y0, wx * (1 - wy), acc);
    add_pixel(img, x0, y0 + 1, (1 - wx) * wy, acc);
    add_pixel(img, x0 + 1, y0 + 1, wx * wy, acc);
}

void falign_sample(const struct face_image *img, const float xf[4], int out_side,
                   unsigned char *out_rgb)
{
    float step = sqrtf(xf[0] * xf[0] + xf[1] * xf[1]);
    int n_sub = step <= 1.0f ? 1 : (step >= 4.0f ? 4 : (int)ceilf(step));
    float inv = 1.0f / (float)(n_sub * n_sub);

    for (int v = 0; v < out_side; v++) {
        for (int u = 0; u < out_side; u++) {
            float acc[3] = {0, 0, 0};

            /* Sub-samples spread over the output pixel's footprint (a box filter). */
            for (int sy = 0; sy < n_sub; sy++) {
                for (int sx = 0; sx < n_sub; sx++) {
                    float cu = u + ((float)sx + 0.5f) / n_sub - 0.5f;
                    float cv = v + ((float)sy + 0.5f) / n_sub - 0.5f;

                    tap(img, xf[0] * cu - xf[1] * cv + xf[2], xf[1] * cu + xf[0] * cv + xf[3], acc);
                }
            }
            for (int ch = 0; ch < 3; ch++) {
                float p = acc[ch] * inv + 0.5f;

                out_rgb[((size_t)v * out_side + u) * 3 + ch] =
                    (unsigned char)(p < 0 ? 0 : (p > 255 ? 255 : p));
            }
        }
    }
}

int falign_fit(const struct face_point pts[FACE_N_LANDMARKS], float out_xf[4])
{
    float tm[2] = {0, 0}, pm[2] = {0, 0}, num_a = 0, num_b = 0, den = 0;
    int n = FACE_N_LANDMARKS - FACE_TEMPLATE_FIRST;

    for (int i = FACE_TEMPLATE_FIRST; i < FACE_N_LANDMARKS; i++) {
        tm[0] += FACE_TEMPLATE[i - FACE_TEMPLATE_FIRST][0] / n;
        tm[1] += FACE_TEMPLATE[i - FACE_TEMPLATE_FIRST][1] / n;
        pm[0] += pts[i].x / n;
        pm[1] += pts[i].y / n;
    }

    /* Least squares for p = [a -b; b a] t + (tx, ty) on centred point sets. */
    for (int i = FACE_TEMPLATE_FIRST; i < FACE_N_LANDMARKS; i++) {
        float tx = FACE_TEMPLATE[i - FACE_TEMPLATE_FIRST][0] - tm[0];
        float ty = FACE_TEMPLATE[i - FACE_TEMPLATE_FIRST][1] - tm[1];
        float px = pts[i].x - pm[0], py = pts[i].y - pm[1];

        num_a += tx * px + ty * py;
        num_b += tx * py - ty * px;
        den += tx * tx + ty * ty;
    }
    if (den <= 0.0f)
        return -1;
    out_xf[0] = num_a / den;
    out_xf[1] = num_b / den;
    out_xf[2] = pm[0] - (out_xf[0] * tm[0] - out_xf[1] * tm[1]);
    out_xf[3] = pm[1] - (out_xf[1] * tm[0] + out_xf[0] * tm[1]);
    return out_xf[0] * out_xf[0] + out_xf[1] * out_xf[1] > 1e-6f ? 0 : -1;
}

/* Mean of landmarks first..last inclusive. */
static struct face_point centroid(const struct face_point *pts, int first, int last)
{
    struct face_point c = {0, 0};

    for (int i = first; i <= last; i++) {
        c.x += pts[i].x / (float)(last - first + 1);
        c.y += pts[i].y / (float)(last - first + 1);
    }
    return c;
}

int falign_is_sane(const struct face_point pts[FACE_N_LANDMARKS], const struct face_box *box)
{
    struct face_point le = centroid(pts, 36, 41), re = centroid(pts, 42, 47);
    struct face_point mouth = centroid(pts, 48, 67), nose = pts[30];
    float ex = re.x - le.x, ey = re.y - le.y;
    float eye_dist = sqrtf(ex * ex + ey * ey);
    float side = box->w > box->h ? box->w : box->h;

    /* Eyes a plausible fraction of the box apart. */
    if (eye_dist < 0.15f * side || eye_dist > 0.8f * side)
        return 0;

    /* Down the face (perpendicular to the eye line): eyes, then nose, then mouth. */
    float nx = -ey / eye_dist, ny = ex / eye_dist;
    float mid_x = (le.x + re.x) / 2, mid_y = (le.y + re.y) / 2;
    float d_nose = (nose.x - mid_x) * nx + (nose.y - mid_y) * ny;
    float d_mouth = (mouth.x - mid_x) * nx + (mouth.y - mid_y) * ny;

    if (d_nose <= 0.1f * eye_dist || d_mouth <= d_nose || d_mouth > 2.5f * eye_dist)
        return 0;

    /* Every point within the box grown by half its size. */
    for (int i = 0; i < FACE_N_LANDMARKS; i++) {
        if (pts[i].x < box->x - side / 2 || pts[i].x > box->x + box->w + side / 2 ||
            pts[i].y < box->y - side / 2 || pts[i].y > box->y + box->h + side / 2)
            return 0;
    }
    return 1;
}

static float dist(struct face_point a, struct face_point b)
{
    return sqrtf((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y));
}

void falign_geometry(const struct face_point pts[FACE_N_LANDMARKS], float *out_yaw,
                     float *out_mouth)
{
    struct face_point le = centroid(pts, 36, 41), re = centroid(pts, 42, 47);
    float ex = re.x - le.x, ey = re.y - le.y, len = sqrtf(ex * ex + ey * ey);

    /* Yaw: where the nose tip sits between the two ends of the jaw, along the eye line. */
    float dl = ((pts[30].x - pts[0].x) * ex + (pts[30].y - pts[0].y) * ey) / len;
    float dr = ((pts[16].x - pts[30].x) * ex + (pts[16].y - pts[30].y) * ey) / len;
    float yaw = dl + dr > 0 ? (dl - dr) / (dl + dr) : 0.0f;

    *out_yaw = yaw < -1 ? -1 : (yaw > 1 ? 1 : yaw);

    /* Mouth: mean inner-lip gap over the mouth's corner-to-corner width. */
    float gap = (dist(pts[61], pts[67]) + dist(pts[62], pts[66]) + dist(pts[63], pts[65])) / 3;
    float width = dist(pts[48], pts[54]);

    *out_mouth = width > 0 ? gap / width : 0.0f;
}
