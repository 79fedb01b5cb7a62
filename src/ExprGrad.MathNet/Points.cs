using MathNet.Numerics.LinearAlgebra;

namespace ExprGrad.MathNet;

/// <summary>Math.NET's points as ExprGrad's arguments.</summary>
internal static class Points
{
    /// <summary>A fresh array: Math.NET may reuse a vector's storage after the call, and a compiled
    /// gradient may be called from Math.NET's own parallel loops, so the point is never shared.</summary>
    public static double[] ToArray(Vector<double> point) => point.ToArray();
}
