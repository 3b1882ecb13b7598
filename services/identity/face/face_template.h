/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Canonical landmark positions (points 17-67, chip pixels) on the 150x150 recognition chip,
 * included only by face_align.c. Measured by this engine: the mean landmarks it finds on the
 * 54 johns chips it detects (README.md, "Calibration"). Each row comment is its first point.
 */
#ifndef MC_IDENTITY_FACE_FACE_TEMPLATE_H
#define MC_IDENTITY_FACE_FACE_TEMPLATE_H

#define FACE_TEMPLATE_FIRST 17

static const float FACE_TEMPLATE[68 - FACE_TEMPLATE_FIRST][2] = {
    {23.83f, 32.89f},  {31.22f, 28.61f},  {40.94f, 26.82f},  {49.88f, 27.34f},  /* 17 */
    {57.89f, 30.10f},  {88.51f, 30.69f},  {96.33f, 28.31f},  {104.77f, 27.51f}, /* 21 */
    {114.76f, 29.34f}, {121.70f, 33.87f}, {73.01f, 46.58f},  {73.05f, 57.35f},  /* 25 */
    {73.12f, 67.57f},  {72.93f, 76.93f},  {62.26f, 82.54f},  {67.00f, 84.39f},  /* 29 */
    {72.89f, 85.47f},  {78.75f, 83.90f},  {83.48f, 82.85f},  {36.02f, 44.47f},  /* 33 */
    {41.75f, 42.36f},  {49.53f, 42.16f},  {56.18f, 45.88f},  {50.21f, 48.33f},  /* 37 */
    {42.05f, 47.62f},  {88.78f, 46.39f},  {95.86f, 42.56f},  {103.98f, 42.89f}, /* 41 */
    {109.11f, 46.20f}, {103.48f, 48.82f}, {95.41f, 48.10f},  {48.48f, 101.85f}, /* 45 */
    {56.98f, 98.34f},  {67.55f, 96.12f},  {72.99f, 97.13f},  {78.23f, 95.73f},  /* 49 */
    {89.19f, 98.82f},  {97.99f, 102.36f}, {88.78f, 109.93f}, {81.33f, 113.72f}, /* 53 */
    {72.96f, 114.92f}, {65.57f, 113.95f}, {57.56f, 110.33f}, {49.88f, 102.12f}, /* 57 */
    {65.22f, 101.11f}, {72.99f, 101.32f}, {80.28f, 101.55f}, {95.91f, 102.09f}, /* 61 */
    {80.68f, 106.66f}, {73.27f, 107.35f}, {65.94f, 106.83f},                    /* 65 */
};

#endif
