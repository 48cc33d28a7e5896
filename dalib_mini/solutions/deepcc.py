"""Reference answers to the DeepCC exercises (course/05_deepcc.ipynb)."""
import torch


def mutual_information(joint):
    p_row = joint.sum(1, keepdim=True)
    p_col = joint.sum(0, keepdim=True)
    mask = joint > 0
    return (joint[mask] * torch.log(joint[mask] / (p_row * p_col)[mask])).sum()


def jensen_lower_bound(codes, q, stats):
    from dalib_mini.deepcc.gmm import gmm_log_joint

    log_joint = gmm_log_joint(codes, stats)
    entropy = -torch.special.xlogy(q, q).sum(1)
    return (q * log_joint).sum(1) + entropy


def block_joint(joint, row_labels, col_labels, n_row_clusters, n_col_clusters):
    out = joint.new_zeros(n_row_clusters, n_col_clusters)
    for s in range(n_row_clusters):
        for t in range(n_col_clusters):
            out[s, t] = joint[row_labels == s][:, col_labels == t].sum()
    return out
