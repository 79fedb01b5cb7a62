// Newton's method on the 1-D Bratu problem −u″ = λ·exp(u) on (0, 1), u(0) = u(1) = 0, discretized on n = 10⁴
// interior points: F(x)_i = x_{i-1} − 2x_i + x_{i+1} + h²λ·exp(x_i). Its Jacobian is tridiagonal; Grad.SparseJacobian
// finds that from the program, colors its columns into 3 groups and builds it from 3 forward products. Each Newton
// step solves J·δ = −F by the Thomas algorithm on the CSR rows. Printed: the residual per step, and the time of a
// Jacobian by Grad.SparseJacobian (first call, with the pattern traced, and later calls) against the Jacobian
// written out by hand and against three hand-colored Grad.JacobianVectorProducts; then a sparse Hessian. Then
// Newton-CG on a 2-D grid energy (GridEnergy.cs) and a heat-equation parameter fit with array state (HeatFit.cs).
using System.Diagnostics;
using System.Linq.Expressions;
using ExprGrad;

const int n = 10_000;
const double lambda = 1.0;
double h2l = lambda / ((n + 1.0) * (n + 1.0));
Expression<Func<double[], double[]>> bratu = x => Ops.Vector(x.Length, i =>
    (i > 0 ? x[i - 1] : 0.0) - 2 * x[i] + (i < x.Length - 1 ? x[i + 1] : 0.0) + h2l * Math.Exp(x[i]));

var residual = bratu.Compile();
var jacobian = Grad.SparseJacobian(bratu);
var u = new double[n];

var first = Stopwatch.StartNew();
var j0 = jacobian(u);
first.Stop();
Console.WriteLine($"Bratu, n = {n}: Jacobian pattern {j0.Values.Length} entries ({j0.Values.Length / (double)n:F2} per row); " +
                  $"first Grad.SparseJacobian call (pattern traced and colored) {first.Elapsed.TotalMilliseconds:F1} ms");

for (int step = 0; step < 20; step++)
{
    var f = residual(u);
    double norm = Math.Sqrt(f.Sum(v => v * v));
    Console.WriteLine($"  Newton step {step}: |F| = {norm:E3}");
    if (norm < 1e-10) break;
    var delta = SolveTridiagonal(jacobian(u), f);
    for (int i = 0; i < n; i++) u[i] -= delta[i];
}
Console.WriteLine($"  u(1/2) = {u[n / 2]:F6} (the lower Bratu branch at λ = 1: u(1/2) ≈ 0.140)");

// Timing at the solution: medians of 31 calls.
var jvp = Grad.JacobianVectorProduct(bratu);
double sparseTime = Timing.Median(() => jacobian(u));
double handTime = Timing.Median(() => HandJacobian(u));
double coloredTime = Timing.Median(() => HandColored(u));
Console.WriteLine($"  Jacobian per call: Grad.SparseJacobian {sparseTime * 1e3:F0} µs, three hand-colored JVPs {coloredTime * 1e3:F0} µs " +
                  $"(ratio {sparseTime / coloredTime:F2}), written by hand {handTime * 1e3:F0} µs (ratio {sparseTime / handTime:F2})");
var check = jacobian(u);
var hand = HandJacobian(u);
Console.WriteLine($"  largest difference from the hand-written Jacobian: {check.Values.Zip(hand.Values, (a, b) => Math.Abs(a - b)).Max():E1}");

// A sparse Hessian: the Bratu energy E(u) = Σ ½(u_{i+1} − u_i)² − h²λ·exp(u_i), whose Hessian is tridiagonal too.
Expression<Func<double[], double>> energy = x =>
    Ops.Sum(x.Length - 1, i => 0.5 * (x[i + 1] - x[i]) * (x[i + 1] - x[i])) - h2l * Ops.Sum(x.Length, i => Math.Exp(x[i]));
var hessian = Grad.SparseHessian(energy);
var hFirst = Stopwatch.StartNew();
var h = hessian(u);
hFirst.Stop();
Console.WriteLine($"Energy Hessian, n = {n}: {h.Values.Length} entries, first call {hFirst.Elapsed.TotalMilliseconds:F1} ms, " +
                  $"later calls {Timing.Median(() => hessian(u)) * 1e3:F0} µs; H[1,1] = {h.Values[h.RowPointers[1] + 1]:F6} (2 − h²λ·exp(u₁))");

// A 2-D 5-point residual on a 1000×1000 grid (10⁶ unknowns): its pattern traced once, then one Jacobian per call.
const int m = 1000;
double g2l = lambda / ((m + 1.0) * (m + 1.0));
Expression<Func<double[], double[]>> grid = x => Ops.Vector(x.Length, k =>
    4 * x[k] - (k % m > 0 ? x[k - 1] : 0.0) - (k % m < m - 1 ? x[k + 1] : 0.0)
    - (k >= m ? x[k - m] : 0.0) - (k < x.Length - m ? x[k + m] : 0.0) - g2l * Math.Exp(x[k]));
var gridJacobian = Grad.SparseJacobian(grid);
var v = new double[m * m];
var gridFirst = Stopwatch.StartNew();
var g = gridJacobian(v);
gridFirst.Stop();
long allocated = GC.GetAllocatedBytesForCurrentThread();
var gridCall = Stopwatch.StartNew();
gridJacobian(v);
gridCall.Stop();
allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
Console.WriteLine($"2-D 5-point residual, {m * m} unknowns: {g.Values.Length} entries; first call {gridFirst.Elapsed.TotalSeconds:F2} s, " +
                  $"next call {gridCall.Elapsed.TotalMilliseconds:F0} ms, {allocated / 1e6:F0} MB");

// Under CI=true the two below run at smaller sizes (the checks are the same).
bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
GridEnergy.Run(ci);
HeatFit.Run(ci);

CsrMatrix HandJacobian(double[] x)
{
    var pointers = new int[n + 1];
    var columns = new int[3 * n - 2];
    var values = new double[3 * n - 2];
    int k = 0;
    for (int i = 0; i < n; i++)
    {
        if (i > 0) { columns[k] = i - 1; values[k++] = 1; }
        columns[k] = i; values[k++] = -2 + h2l * Math.Exp(x[i]);
        if (i < n - 1) { columns[k] = i + 1; values[k++] = 1; }
        pointers[i + 1] = k;
    }
    return new CsrMatrix(n, n, pointers, columns, values);
}

CsrMatrix HandColored(double[] x)
{
    var products = new double[3][];
    for (int c = 0; c < 3; c++)
    {
        var seed = new double[n];
        for (int j = c; j < n; j += 3) seed[j] = 1;
        products[c] = jvp(x, seed);
    }
    var m = HandJacobian(x);
    for (int i = 0; i < n; i++)
        for (int k = m.RowPointers[i]; k < m.RowPointers[i + 1]; k++) m.Values[k] = products[m.ColumnIndices[k] % 3][i];
    return m;
}

// Solves J·δ = F for a tridiagonal J given by its CSR rows (Thomas algorithm: forward sweep, back substitution).
static double[] SolveTridiagonal(CsrMatrix j, double[] f)
{
    int n = j.Rows;
    double[] lower = new double[n], diagonal = new double[n], upper = new double[n];
    for (int i = 0; i < n; i++)
        for (int k = j.RowPointers[i]; k < j.RowPointers[i + 1]; k++)
        {
            int col = j.ColumnIndices[k];
            if (col == i - 1) lower[i] = j.Values[k];
            else if (col == i) diagonal[i] = j.Values[k];
            else if (col == i + 1) upper[i] = j.Values[k];
            else throw new InvalidOperationException($"Entry ({i}, {col}) is outside the band.");
        }
    var c = new double[n];
    var d = new double[n];
    c[0] = upper[0] / diagonal[0];
    d[0] = f[0] / diagonal[0];
    for (int i = 1; i < n; i++)
    {
        double m = diagonal[i] - lower[i] * c[i - 1];
        c[i] = upper[i] / m;
        d[i] = (f[i] - lower[i] * d[i - 1]) / m;
    }
    for (int i = n - 2; i >= 0; i--) d[i] -= c[i] * d[i + 1];
    return d;
}
