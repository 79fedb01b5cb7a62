using System.Reflection;

namespace ExprGrad;

/// <summary>The Ops members that the linearizer treats as structure (bindings and loops) rather than primitives.</summary>
internal static class OpsMethods
{
    public static readonly MethodInfo Let = typeof(Ops).GetMethod(nameof(Ops.Let))!;
    public static readonly MethodInfo Sum = typeof(Ops).GetMethod(nameof(Ops.Sum), [typeof(int), typeof(Func<int, double>)])!;
    public static readonly MethodInfo Vector = typeof(Ops).GetMethod(nameof(Ops.Vector), [typeof(int), typeof(Func<int, double>)])!;
    public static readonly MethodInfo Derivative = typeof(Ops).GetMethod(nameof(Ops.Derivative))!;
    public static readonly MethodInfo Scan = typeof(Ops).GetMethod(nameof(Ops.Scan), [typeof(int), typeof(double), typeof(Func<double, int, double>)])!;
    public static readonly MethodInfo CheckpointedScan =
        typeof(Ops).GetMethod(nameof(Ops.Scan), [typeof(int), typeof(double), typeof(Func<double, int, double>), typeof(int)])!;
    public static readonly MethodInfo VectorScan =
        typeof(Ops).GetMethod(nameof(Ops.Scan), [typeof(int), typeof(double[]), typeof(Func<double[], int, double[]>)])!;
    public static readonly MethodInfo CheckpointedVectorScan =
        typeof(Ops).GetMethod(nameof(Ops.Scan), [typeof(int), typeof(double[]), typeof(Func<double[], int, double[]>), typeof(int)])!;

    /// <summary>Any of the four Scans.</summary>
    public static bool IsScan(MethodInfo method) =>
        method == Scan || method == CheckpointedScan || method == VectorScan || method == CheckpointedVectorScan;
}
