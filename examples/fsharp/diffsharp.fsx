// DiffSharp's documented examples, ported to ExprGrad.FSharp: the same operations under the same names
// (diff, diff2, diffn, grad, gradv, hessian, hessianv, gradhessian, jacobian, jacobianv, jacobianTv, laplacian,
// curl, div), the function written as a quotation. Every value is checked against a closed form derived in
// the comment above it and printed beside the number DiffSharp's documentation shows, where it shows one.
// Sources: DiffSharp's "API Overview", "Nested AD" and "Helmholtz Energy Function" pages (github.com/DiffSharp).
// Build first: dotnet build src/ExprGrad.FSharp/ExprGrad.FSharp.fsproj -c Release
// Run:         dotnet fsi examples/fsharp/diffsharp.fsx
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.dll"
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.FSharp.dll"

open ExprGrad.FSharp

let mutable failures = 0

/// Prints the value, the closed form and DiffSharp's printed number; the value must match the closed form to
/// 1e-10 (relative) and DiffSharp's number to the 10 digits it prints.
let check (name: string) (value: float) (closedForm: float) (documented: float option) =
    let near tolerance (a: float) (b: float) = abs (a - b) <= tolerance * max 1.0 (abs b)
    let ok = near 1e-10 value closedForm && (documented |> Option.forall (near 5e-10 value))
    let shown = documented |> Option.map (sprintf "%.10g") |> Option.defaultValue "(no number shown)"
    printfn "%-34s %20.12g  closed form %20.12g  DiffSharp %-18s %s" name value closedForm shown (if ok then "ok" else "WRONG")
    if not ok then failures <- failures + 1

let checkAll name (values: float[]) (closedForms: float[]) =
    Array.iteri2 (fun i v c -> check $"{name}[{i}]" v c None) values closedForms

// --- API overview: f(x) = sin √x at 2 ---------------------------------------------------------------------
// u = √x, du/dx = 1/(2u). f′ = cos u/(2u).
// f″ = d/du[cos u/(2u)]·1/(2u) = −sin u/(4u²) − cos u/(4u³).
// f‴ = d/du[−sin u/(4u²) − cos u/(4u³)]·1/(2u)
//    = [−cos u/(4u²) + sin u/(2u³) + sin u/(4u³) + 3cos u/(4u⁴)]/(2u)
//    = −cos u/(8u³) + 3 sin u/(8u⁴) + 3 cos u/(8u⁵).
let f = <@ fun x -> sin (sqrt x) @>
let u = sqrt 2.0
check "diff sin(sqrt x) at 2" (diff f 2.0) (cos u / (2.0 * u)) (Some 0.05513442203)
check "diff2" (diff2 f 2.0) (-sin u / (4.0 * u * u) - cos u / (4.0 * pown u 3)) None
check "diffn 3" (diffn 3 f 2.0) (-cos u / (8.0 * pown u 3) + 3.0 * sin u / (8.0 * pown u 4) + 3.0 * cos u / (8.0 * pown u 5)) None
check "diffn 0 (the value)" (diffn 0 f 2.0) (sin u) (Some 0.987765946)

// --- Nested AD: d/dx (x · d/dy (x·y)|y=3)|x=2 -----------------------------------------------------------------
// The inner derivative is x (y's coefficient), so the outer function is x·x and its derivative 2x = 4.
check "nested diff (d4)" (diff <@ fun x -> x * diff <@ fun y -> x * y @> 3.0 @> 2.0) 4.0 (Some 4.0)
// Perturbation confusion (Siskind & Pearlmutter): d/dx (x · d/dy (x + y)|y=1) = d/dx x = 1, not 2.
check "nested diff, no confusion" (diff <@ fun x -> x * diff <@ fun y -> x + y @> 1.0 @> 5.0) 1.0 None

// --- Nested AD page, "Forward and Reverse AD Operations" ------------------------------------------------------
// f(x) = sin(3√x): f′ = 3cos(3√x)/(2√x).
check "diff sin(3 sqrt x) at 2" (diff <@ fun x -> sin (3.0 * sqrt x) @> 2.0) (3.0 * cos (3.0 * u) / (2.0 * u)) None
// g(x) = sin(x₀x₁) at (2, 3), p = x₀x₁ = 6: ∇g = cos p·(x₁, x₀) = (3 cos 6, 2 cos 6); along (4, 1): 14 cos 6.
// ∂²g/∂x₀² = −x₁² sin p = −9 sin 6, ∂²g/∂x₀∂x₁ = cos p − p sin p = cos 6 − 6 sin 6, ∂²g/∂x₁² = −4 sin 6;
// H·(4, 1) = (cos 6 − 42 sin 6, 4 cos 6 − 28 sin 6).
let g = <@ fun (x: float[]) -> sin (x[0] * x[1]) @>
let x, v = [| 2.0; 3.0 |], [| 4.0; 1.0 |]
let s6, c6 = sin 6.0, cos 6.0
check "gradv g (2,3) (4,1)" (gradv g x v) (14.0 * c6) None
checkAll "grad g (2,3)" (grad g x) [| 3.0 * c6; 2.0 * c6 |]
checkAll "hessianv g (2,3) (4,1)" (hessianv g x v) [| c6 - 42.0 * s6; 4.0 * c6 - 28.0 * s6 |]
let hg = hessian g x
checkAll "hessian g (2,3)" [| hg[0, 0]; hg[0, 1]; hg[1, 0]; hg[1, 1] |] [| -9.0 * s6; c6 - 6.0 * s6; c6 - 6.0 * s6; -4.0 * s6 |]
// h(x) = (sin x₀, cos x₁): J = diag(cos x₀, −sin x₁), so J·(4, 1) = Jᵀ·(4, 1) = (4 cos 2, −sin 3).
let h = <@ fun (x: float[]) -> [| sin x[0]; cos x[1] |] @>
checkAll "jacobianv h (2,3) (4,1)" (jacobianv h x v) [| 4.0 * cos 2.0; -sin 3.0 |]
checkAll "jacobianTv h (2,3) (4,1)" (jacobianTv h x v) [| 4.0 * cos 2.0; -sin 3.0 |]
let jh = jacobian h x
checkAll "jacobian h (2,3)" [| jh[0, 0]; jh[0, 1]; jh[1, 0]; jh[1, 1] |] [| cos 2.0; 0.0; 0.0; -sin 3.0 |]

// --- Nested AD page, "Using the Reverse AD Trace": e = sin a · (a + b) at a = 0.5, b = 1.2 -------------------
// ∂e/∂a = cos a·(a + b) + sin a, ∂e/∂b = sin a.
let dea, deb = grad <@ fun (a, b) -> sin a * (a + b) @> (0.5, 1.2)
check "de/da" dea (cos 0.5 * 1.7 + sin 0.5) (Some 1.971315894)
check "de/db" deb (sin 0.5) (Some 0.4794255386)

// --- Hessian, gradhessian and laplacian of Rosenbrock, written with Array.pairwise ---------------------------
// f = Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)²; two variables: ∂²/∂x₀² = 2 − 400(x₁ − x₀²) + 800x₀², ∂²/∂x₀∂x₁ = −400x₀,
// ∂²/∂x₁² = 200. At (1, 1): [[802, −400], [−400, 200]], Laplacian 1002, gradient 0 (the minimum).
let rosenbrock = <@ fun (x: float[]) -> x |> Array.pairwise |> Array.sumBy (fun (a, b) -> (1.0 - a) ** 2.0 + 100.0 * (b - a * a) ** 2.0) @>
let gr, hr = gradhessian rosenbrock [| 1.0; 1.0 |]
checkAll "gradhessian rosenbrock: gradient" gr [| 0.0; 0.0 |]
checkAll "gradhessian rosenbrock: Hessian" [| hr[0, 0]; hr[0, 1]; hr[1, 0]; hr[1, 1] |] [| 802.0; -400.0; -400.0; 200.0 |]
check "laplacian rosenbrock (1,1)" (laplacian rosenbrock [| 1.0; 1.0 |]) 1002.0 None
// DiffSharp's own style, with slices, at n = 5. ∂f/∂xₖ = −2(1 − xₖ) − 400xₖ(xₖ₊₁ − xₖ²) (k < n − 1)
// + 200(xₖ − xₖ₋₁²) (k > 0).
let rosenbrockSlices = <@ fun (x: float[]) -> Array.map2 (fun a b -> (1.0 - a) ** 2.0 + 100.0 * (b - a * a) ** 2.0) x[.. x.Length - 2] x[1 ..] |> Array.sum @>
let x5 = [| 0.5; -1.0; 1.5; 0.25; 2.0 |]
let rosenbrockGradient (x: float[]) =
    let n = x.Length
    Array.init n (fun k ->
        (if k < n - 1 then -2.0 * (1.0 - x[k]) - 400.0 * x[k] * (x[k + 1] - x[k] * x[k]) else 0.0)
        + (if k > 0 then 200.0 * (x[k] - x[k - 1] * x[k - 1]) else 0.0))
checkAll "rosenbrock with slices, n = 5" (grad rosenbrockSlices x5) (rosenbrockGradient x5)
checkAll "rosenbrock with pairwise, n = 5" (grad rosenbrock x5) (rosenbrockGradient x5)

// --- curl and div ---------------------------------------------------------------------------------------------
// F = (x²y, yz, z sin x): J = [[2xy, x², 0], [0, z, y], [z cos x, 0, sin x]];
// curl = (∂F₂/∂y − ∂F₁/∂z, ∂F₀/∂z − ∂F₂/∂x, ∂F₁/∂x − ∂F₀/∂y) = (−y, −z cos x, −x²); div = 2xy + z + sin x.
let field = <@ fun (p: float[]) -> [| p[0] * p[0] * p[1]; p[1] * p[2]; p[2] * sin p[0] |] @>
let px, py, pz = 0.5, -1.5, 2.0
checkAll "curl F" (curl field [| px; py; pz |]) [| -py; -pz * cos px; -px * px |]
check "div F" (div field [| px; py; pz |]) (2.0 * px * py + pz + sin px) None
// A rotation about z, (−y, x, 0): curl (0, 0, 2), div 0.
checkAll "curl of a rotation" (curl <@ fun (p: float[]) -> [| -p[1]; p[0]; 0.0 |] @> [| 0.3; 0.7; 1.1 |]) [| 0.0; 0.0; 2.0 |]

// --- Helmholtz energy (DiffSharp's benchmark example), n = 100 ------------------------------------------------
// f(x) = RT Σ xᵢ log(xᵢ/(1 − B)) − Q/(√8 B) · L,  B = bᵀx, Q = xᵀAx (A symmetric), S = Σ xᵢ,
// L = log((1 + (1 + √2)B)/(1 + (1 − √2)B)). Differentiating term by term:
// ∂/∂xₖ RT Σ xᵢ (log xᵢ − log(1 − B)) = RT (log(xₖ/(1 − B)) + 1 + bₖ S/(1 − B)),
// ∂L/∂xₖ = bₖ D with D = (1 + √2)/(1 + (1 + √2)B) − (1 − √2)/(1 + (1 − √2)B),
// ∂/∂xₖ Q L/(√8 B) = (2(Ax)ₖ L + Q bₖ D)/(√8 B) − Q L bₖ/(√8 B²).
// DiffSharp's page draws b, A and x from System.Random, so its value (−13.75993246 at n = 100) cannot be
// reproduced; here they are fixed.
let n = 100
let R, T = 1.0, 1.0
let b = Array.init n (fun i -> 0.1 * float ((i * 37 + 11) % 100) / 100.0)
let A = Array2D.init n n (fun i j -> 0.1 * float (((i + j) * 17 + i * j) % 100) / 100.0)   // symmetric
let helmholtz =
    <@ fun (x: float[]) ->
        let bx = Array.fold2 (fun s bi xi -> s + bi * xi) 0.0 b x
        let xAx = [| 0 .. x.Length - 1 |] |> Array.sumBy (fun i -> x[i] * Array.sumBy (fun j -> A[i, j] * x[j]) [| 0 .. x.Length - 1 |])
        R * T * Array.sumBy (fun xi -> xi * log (xi / (1.0 - bx))) x
        - xAx / (bx * sqrt 8.0) * log ((1.0 + (1.0 + sqrt 2.0) * bx) / (1.0 + (1.0 - sqrt 2.0) * bx)) @>
// Mole fractions in [0.02, 0.1): gradcheck's central differences step 1e-3 and must stay where log is defined.
let xh = Array.init n (fun i -> 0.02 + 0.08 * float ((i * 53 + 7) % 100) / 100.0)
let value, gradient = valueAndGrad helmholtz xh
let B = Array.fold2 (fun s bi xi -> s + bi * xi) 0.0 b xh
let Ax = Array.init n (fun i -> Seq.sum (seq { for j in 0 .. n - 1 -> A[i, j] * xh[j] }))
let Q = Array.fold2 (fun s xi axi -> s + xi * axi) 0.0 xh Ax
let S = Array.sum xh
let L = log ((1.0 + (1.0 + sqrt 2.0) * B) / (1.0 + (1.0 - sqrt 2.0) * B))
let D = (1.0 + sqrt 2.0) / (1.0 + (1.0 + sqrt 2.0) * B) - (1.0 - sqrt 2.0) / (1.0 + (1.0 - sqrt 2.0) * B)
let valueClosed = R * T * Array.sumBy (fun xi -> xi * log (xi / (1.0 - B))) xh - Q / (sqrt 8.0 * B) * L
let gradientClosed =
    Array.init n (fun k ->
        R * T * (log (xh[k] / (1.0 - B)) + 1.0 + b[k] * S / (1.0 - B))
        - ((2.0 * Ax[k] * L + Q * b[k] * D) / (sqrt 8.0 * B) - Q * L * b[k] / (sqrt 8.0 * B * B)))
check "helmholtz value (n = 100)" value valueClosed None
printfn "  (DiffSharp's page: f = -13.75993246 at its random b, A, x; same magnitude, not the same inputs)"
let worst = Array.map2 (fun a c -> abs (a - c) / max 1.0 (abs c)) gradient gradientClosed |> Array.max
check "helmholtz gradient, worst rel. error" worst 0.0 None
printfn "  ∂f/∂x₀..₄ = %A" gradient[0..4]
check "helmholtz gradcheck passed (1 = yes)" (if (gradcheck helmholtz xh).Passed then 1.0 else 0.0) 1.0 None

if failures > 0 then
    printfn "%d value(s) WRONG" failures
    exit 1
printfn "all values agree"
