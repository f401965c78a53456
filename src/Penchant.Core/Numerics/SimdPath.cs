using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>
/// Which instruction width a hand-written kernel uses. <see cref="Auto"/> picks the widest one the hardware
/// accelerates; the narrower paths exist so tests can check every path against the scalar reference.
/// </summary>
internal enum SimdPath
{
    Auto,
    Vector512,
    Vector256,
    Scalar,
}

/// <summary>Helpers shared by the hand-written kernels.</summary>
internal static class Simd
{
    /// <summary>The concrete path for <paramref name="path"/> on this machine.</summary>
    public static SimdPath Resolve(SimdPath path) => path switch
    {
        SimdPath.Auto when Vector512.IsHardwareAccelerated => SimdPath.Vector512,
        SimdPath.Auto when Vector256.IsHardwareAccelerated => SimdPath.Vector256,
        SimdPath.Auto => SimdPath.Scalar,
        SimdPath.Vector512 when !Vector512.IsHardwareAccelerated => throw new PlatformNotSupportedException("Vector512 is not accelerated here."),
        SimdPath.Vector256 when !Vector256.IsHardwareAccelerated => throw new PlatformNotSupportedException("Vector256 is not accelerated here."),
        _ => path,
    };

    /// <summary>Whether <paramref name="path"/> can run on this machine.</summary>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MulAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MulAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }
}
